from datetime import timedelta

from odoo import api, fields, models

# Fictional complaints of Kota Bogor, each walked through the real SOP by the
# demo user of each role, up to the step it has reached in the story.
STORY = [
    {
        "until": "new",
        "channel": "online",
        "relation": "neighbour",
        "description": "Anak tetangga (sekitar 7 tahun) hampir setiap malam terdengar menangis "
        "dan dipukul ayahnya. Tadi pagi terlihat memar di lengan.",
        "types": ["physical"],
        "age": "6_12",
        "sex": "male",
        "village": "kebon_pedes",
        "in_danger": True,
    },
    {
        "until": "rejected",
        "channel": "whatsapp",
        "relation": "other",
        "description": "Menawarkan pinjaman online bunga rendah, hubungi nomor ini.",
        "types": [],
        "reason": "Spam: promosi pinjaman online, bukan pengaduan kekerasan.",
    },
    {
        "until": "received",
        "channel": "hotline",
        "relation": "family",
        "description": "Kakak korban melapor: adiknya (24 th) dilarang keluar rumah oleh "
        "suaminya dan ponselnya disita sejak dua bulan.",
        "types": ["psychological"],
        "age": "18_24",
        "sex": "female",
        "village": "tegal_gundil",
    },
    {
        "until": "identification",
        "channel": "walk_in",
        "relation": "victim",
        "description": "Korban datang sendiri ke kantor Dinas: sering dimaki dan diancam "
        "akan diceraikan serta tidak diberi nafkah selama tiga bulan.",
        "types": ["psychological", "neglect"],
        "age": "25_44",
        "sex": "female",
        "village": "babakan",
        "failed_attempts": 2,
    },
    {
        "until": "verification",
        "channel": "lapor",
        "lapor_id": "LPR-8812734",
        "relation": "teacher",
        "description": "Wali kelas melaporkan siswi kelas 8 sering tidak masuk dan bercerita "
        "dipaksa bekerja di warung sampai malam oleh pamannya.",
        "types": ["exploitation"],
        "age": "13_17",
        "sex": "female",
        "village": "paledang",
    },
    {
        "until": "approval",
        "channel": "online",
        "relation": "victim",
        "description": "Saya dipukul suami saat bertengkar soal uang, sudah tiga kali bulan ini. "
        "Anak-anak melihat kejadiannya.",
        "types": ["physical", "psychological"],
        "age": "25_44",
        "sex": "female",
        "village": "bantarjati",
    },
    {
        "until": "outreach",
        "channel": "hotline",
        "relation": "family",
        "description": "Nenek korban melapor cucunya (5 th) ditinggal orang tuanya bekerja "
        "tanpa pengasuh dan sering tidak makan.",
        "types": ["neglect"],
        "age": "0_5",
        "sex": "female",
        "village": "cibogor",
    },
    {
        "until": "decision",
        "channel": "institution",
        "institution": "Puskesmas Bogor Tengah",
        "relation": "other",
        "description": "Puskesmas merujuk pasien perempuan (32 th) dengan luka lebam berulang; "
        "pasien mengaku didorong suami hingga jatuh.",
        "types": ["physical"],
        "age": "25_44",
        "sex": "female",
        "village": "babakan",
    },
    {
        "until": "referral",
        "channel": "online",
        "relation": "family",
        "description": "Ibu korban melapor anak perempuannya (15 th) dilecehkan secara seksual "
        "oleh guru les privat. Anak tidak mau sekolah.",
        "types": ["sexual"],
        "age": "13_17",
        "sex": "female",
        "village": "kedung_badak",
    },
    {
        "until": "final_report",
        "channel": "whatsapp",
        "relation": "victim",
        "description": "Saya sering dihina dan diancam oleh mertua yang tinggal serumah, "
        "suami tidak membela.",
        "types": ["psychological"],
        "age": "25_44",
        "sex": "female",
        "village": "tegal_gundil",
    },
    {
        "until": "monitoring",
        "channel": "hotline",
        "relation": "neighbour",
        "description": "Tetangga mendengar keributan dan melihat seorang ibu lansia dipukul "
        "anaknya karena masalah warisan.",
        "types": ["physical"],
        "age": "60_plus",
        "sex": "female",
        "village": "paledang",
    },
    {
        "until": "closed",
        "channel": "walk_in",
        "relation": "victim",
        "description": "Korban (19 th) diancam mantan pacar akan menyebarkan foto pribadi "
        "jika tidak mau kembali.",
        "types": ["sexual", "psychological"],
        "age": "18_24",
        "sex": "female",
        "village": "kebon_pedes",
    },
]

# A second report of the referral story's case (index 8), by the victim's aunt.
DUPLICATE = {
    "of": 8,
    "until": "duplicate",
    "channel": "hotline",
    "relation": "family",
    "description": "Bibi korban menelepon tentang keponakannya (15 th) yang dilecehkan guru "
    "les; ibunya sudah melapor lewat formulir online.",
    "types": ["sexual"],
    "age": "13_17",
    "sex": "female",
    "village": "kedung_badak",
}

FINAL_REPORT = "Korban telah menerima konseling; situasi rumah tangga membaik."
FIRST_CHECKIN = {"condition": "stable", "note": "Korban mengikuti konseling; merasa lebih aman."}
GOOD_CHECKIN = {"condition": "safe", "note": "Kondisi korban baik."}
# The monitoring plan of the demo cases.
PLAN = {"monitoring_interval_days": 14, "monitoring_checkin_target": 3}


class SapaCaseDemo(models.AbstractModel):
    """Loads the demo story (demo data only)."""

    _name = "sapa.case.demo"
    _description = "SAPA demo story"

    @api.model
    def _install_indonesian(self):
        """Demo users work in Indonesian, as a Dinas does."""
        lang = self.env["res.lang"].with_context(active_test=False).search(
            [("code", "=", "id_ID")]
        )
        if not lang.active:
            self.env["base.language.install"].create(
                {"lang_ids": [fields.Command.set(lang.ids)], "overwrite": False}
            ).lang_install()

    @api.model
    def _load_story(self):
        ref = self.env.ref
        users = {
            role: ref(f"sapa_case.user_sapa_{login}_demo")
            for role, login in (
                ("admin", "admin"), ("subcoordinator", "subkoor"), ("counselor", "konselor"),
                ("head_division", "kabid"), ("head_agency", "kadin"),
            )
        }
        company = self.env.company
        company.write({
            "sapa_head_division_user_id": users["head_division"].id,
            "sapa_head_agency_user_id": users["head_agency"].id,
        })
        complaints = [self._play(story, users, index) for index, story in enumerate(STORY)]
        duplicate = self._play(DUPLICATE, users, len(STORY))
        duplicate.with_user(users["admin"])._link_to_case(complaints[DUPLICATE["of"]].case_id)

    def _play(self, story, users, index):
        ref = self.env.ref
        village = story.get("village") and ref(f"sapa_case.area_{story['village']}_demo")
        complaint = self.env["sapa.complaint"].with_user(users["admin"]).create({
            "channel": story["channel"],
            "lapor_tracking_id": story.get("lapor_id"),
            "institution_name": story.get("institution"),
            "reporter_relation": story["relation"],
            "reporter_name": False if story["relation"] == "victim" else "Pelapor demo",
            "is_anonymous": story["relation"] == "neighbour",
            "reporter_phone": f"0812-1000-{index:04d}",
            "description": story["description"],
            "incident_date": self.env.company._sapa_today() - timedelta(days=3 + index * 4),
            "state_id": ref("base.state_id_jb").id,
            "regency_id": village and village.parent_id.parent_id.id,
            "district_id": village and village.parent_id.id,
            "village_id": village and village.id,
            "violence_type_ids": [
                fields.Command.set([ref(f"sapa_case.violence_type_{t}").id for t in story["types"]])
            ],
            "victim_age_band_id": story.get("age") and ref(f"sapa_case.age_band_{story['age']}").id,
            "victim_sex": story.get("sex"),
            "consent_contact": True,
            "consent_data": True,
            "in_danger": story.get("in_danger", False),
        })
        until = story["until"]
        if until in ("new", "duplicate"):
            return complaint
        if until == "rejected":
            complaint.with_user(users["admin"])._reject(story["reason"])
            return complaint
        complaint.with_user(users["admin"]).action_accept()
        case = complaint.case_id
        via = "referral" if self._refers(story) else "final_report"
        self.env["sapa.case.walker"]._walk(
            case, until, users, via=via, values=self._story_values(story)
        )
        self._in_progress(case, story, users)
        return complaint

    def _refers(self, story):
        # Sexual violence always needs other institutions (health, police Unit PPA).
        return "sexual" in story["types"] or story["until"] == "referral"

    def _story_values(self, story):
        """What the demo users write at each step of the story."""
        age_band = story.get("age") and self.env.ref(f"sapa_case.age_band_{story['age']}")
        return {
            "identification": {
                "contact_attempts": [("reached", "Pelapor terkonfirmasi, bersedia didampingi")],
                "identification": "Pengaduan terkonfirmasi melalui WhatsApp. "
                + story["description"],
                "victim_ids": [fields.Command.create({
                    "name": "Korban (nama disamarkan)",
                    "sex": story.get("sex") or "female",
                    "age_band_id": age_band and age_band.id,
                })],
            },
            "outreach": {
                "outreach_activity_ids": [fields.Command.create({
                    "activity_type": "home_visit",
                    "place": "Rumah korban",
                    "findings": "Korban bersedia didampingi; keluarga inti mendukung.",
                }), fields.Command.create({
                    "activity_type": "assessment",
                    "place": "Kantor UPTD PPA",
                    "findings": "Gejala kecemasan sedang; perlu konseling lanjutan.",
                })],
                "recommendation": "Rujuk ke layanan lanjutan (kesehatan dan hukum)."
                if self._refers(story)
                else "Konseling lanjutan oleh konselor Dinas, tanpa rujukan.",
            },
            "referral": PLAN,
            "final_report": {"final_report": FINAL_REPORT, **PLAN},
            "monitoring": {"checkins": [FIRST_CHECKIN, GOOD_CHECKIN, GOOD_CHECKIN]},
        }

    def _in_progress(self, case, story, users):
        """What is already done of the step where the story stops."""
        if case.step == "identification":
            for _attempt in range(story.get("failed_attempts", 0)):
                case.with_user(users["subcoordinator"])._log_contact_attempt(
                    "no_answer", "Tidak diangkat"
                )
        elif case.step == "final_report":
            case.with_user(users["subcoordinator"]).write({"final_report": FINAL_REPORT})
        elif case.step == "monitoring":
            # The first planned check-in is not due yet: the victim called in between.
            self.env["sapa.case.monitoring.checkin"].with_user(users["counselor"]).create(
                {"case_id": case.id, **FIRST_CHECKIN, "is_unscheduled": True}
            )
