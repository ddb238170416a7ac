"""Checks of SAPA's public-page response headers, shared by the tests of the
three addons (sapa_case.utils.public_http sets them). No test here."""

FRAMING = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class PublicHeadersMixin:
    def assertPublicHeaders(self, response, index=False, store=False, what=""):
        """``response`` may not be framed, sniffed or sent on as referrer; unless
        ``store``, not stored by any cache; unless ``index``, not indexed."""
        headers = response.headers
        for name, value in FRAMING.items():
            self.assertEqual(headers.get(name), value, f"{what}: {name}")
        self.assertIn("frame-ancestors 'none'", headers.get("Content-Security-Policy", ""), what)
        if not store:
            self.assertEqual(headers.get("Cache-Control"), "no-store", what)
        if index:
            self.assertNotIn("noindex", headers.get("X-Robots-Tag", ""), what)
        else:
            self.assertEqual(headers.get("X-Robots-Tag"), "noindex, nofollow", what)
