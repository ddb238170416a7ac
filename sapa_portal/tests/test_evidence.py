from odoo.tests import BaseCase, tagged

from ..utils import evidence
from .common import PDF, PNG


@tagged("post_install", "-at_install")
class TestEvidenceCheck(BaseCase):
    def test_accepted_kinds_are_recognised_by_their_content(self):
        samples = {
            "foto.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
            "foto.jpeg": (b"\xff\xd8\xff\xdb", "jpeg"),
            "layar.png": (PNG, "png"),
            "surat.pdf": (PDF, "pdf"),
            "video.mp4": (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00", "mp4"),
            "suara.m4a": (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00", "m4a"),
            "rekaman.mp3": (b"ID3\x04\x00\x00\x00\x00\x00\x00", "mp3"),
            "frame.mp3": (b"\xff\xfb\x90\x64\x00", "mp3"),
            "pesan.ogg": (b"OggS\x00\x02\x00\x00", "ogg"),
            "pesan.opus": (b"OggS\x00\x02\x00\x00", "ogg"),
        }
        for name, (head, kind) in samples.items():
            with self.subTest(name=name):
                self.assertEqual(evidence.check(name, head), kind)

    def test_disguised_or_unknown_files_are_refused(self):
        samples = {
            "surat.pdf": b"<!DOCTYPE html><html><body>",
            "program.pdf": b"MZ\x90\x00\x03\x00\x00\x00",
            "skrip.jpg": b"#!/bin/sh\nrm -rf /",
            "elf.png": b"\x7fELF\x02\x01\x01",
            "foto.pdf": PNG,
            "surat.png": PDF,
            "gambar.svg": b"<svg xmlns='http://www.w3.org/2000/svg'>",
            "arsip.zip": b"PK\x03\x04",
            "tanpa-ekstensi": PNG,
            "video.mov": b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00",
            "suara.mp3": b"\xff\xe8\x00\x00",  # sync bits, reserved layer
        }
        for name, head in samples.items():
            with self.subTest(name=name):
                self.assertIsNone(evidence.check(name, head))

    def test_stored_name_has_no_path_or_control_characters(self):
        self.assertEqual(evidence.clean_filename("C:\\Users\\x\\foto.JPG", "jpeg"), "foto.jpg")
        self.assertEqual(evidence.clean_filename("../../etc/pass\x00wd.pdf", "pdf"), "passwd.pdf")
        self.assertEqual(evidence.clean_filename("\x00\x01.pdf", "pdf"), "bukti.pdf")
        self.assertEqual(len(evidence.clean_filename("a" * 300 + ".png", "png")), 84)
