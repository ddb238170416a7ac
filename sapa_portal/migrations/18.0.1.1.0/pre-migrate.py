def migrate(cr, version):
    """sapa.portal.rate.limit changed from one counter row per client and window
    to one row per hit: its rows are short-lived, drop them with the old table
    (the ORM creates the new one)."""
    cr.execute("DROP TABLE IF EXISTS sapa_portal_rate_limit")
