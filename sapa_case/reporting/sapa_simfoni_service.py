from odoo import models


class SapaSimfoniService(models.Model):
    """A SIMFONI-PPA service type ('jenis layanan'): the eight national types the
    services SAPA gives are reported as (see sapa.simfoni.service.map)."""

    _name = "sapa.simfoni.service"
    _inherit = ["sapa.classification.mixin"]
    _description = "SIMFONI-PPA Service Type"
