from odoo import _, api, models
from odoo.exceptions import AccessError

# Every field of every SAPA model declares who may read and write it, with the
# field parameter ``sapa_class="..."``. The trust-boundary tests (tests/) derive
# their probes from these classes, so a new field is covered without editing them.
SAPA_FIELD_CLASSES = {
    "public": "may reach SAPA's public pages, through a controller's allow-list; "
    "otherwise read and written like 'staff'",
    "config": "configuration and master data: read by every user (and public forms), "
    "written by the SAPA Manager",
    "staff": "read by the staff who may read the record; written as access rights, "
    "record rules and the SOP guard allow",
    "guarded": "written only through the SOP guard (sapa.case._check_transition)",
    "confidential": "the case team and officials only, never the Admin (field groups, "
    "record rules); every read is logged",
    "workflow": "written only by SAPA's own code (actions, guard, crons, as superuser), "
    "never by a user's create, write or import",
    "secret": "never read or written by any user (hashes of secret codes)",
}

# Fields SAPA models get from Odoo (magic fields and mixins): their classes are
# declared here, by name, since their definitions are not ours to annotate.
# Messages and activities are protected by the rules of mail.message,
# ir.attachment and mail.activity (see the SAPA models' _get_thread_with_access).
INHERITED_FIELD_CLASSES = {
    "id": "workflow",
    "display_name": "workflow",
    "create_uid": "workflow",
    "create_date": "workflow",
    "write_uid": "workflow",
    "write_date": "workflow",
    "message_is_follower": "workflow",
    "message_follower_ids": "staff",
    "message_partner_ids": "staff",
    "message_ids": "staff",
    "has_message": "workflow",
    "message_needaction": "workflow",
    "message_needaction_counter": "workflow",
    "message_has_error": "workflow",
    "message_has_error_counter": "workflow",
    "message_attachment_count": "workflow",
    "message_has_sms_error": "workflow",
    "website_message_ids": "staff",
    "activity_ids": "staff",
    "activity_state": "workflow",
    "activity_user_id": "workflow",
    "activity_type_id": "workflow",
    "activity_type_icon": "workflow",
    "activity_date_deadline": "workflow",
    "my_activity_date_deadline": "workflow",
    "activity_summary": "workflow",
    "activity_exception_decoration": "workflow",
    "activity_exception_icon": "workflow",
    "duration_tracking": "workflow",
    "access_url": "workflow",
}

# What a share user (portal, public) may read of a SAPA record over the ORM.
SHARE_READABLE = ("public", "config")

# Context marker of SAPA's own writes of 'workflow' fields. A Python object, not a
# value: no RPC, import or action context (all JSON or text) can carry it.
_SAPA_WORKFLOW = object()


class Base(models.AbstractModel):
    _inherit = "base"

    def _valid_field_parameter(self, field, name):
        return name == "sapa_class" or super()._valid_field_parameter(field, name)

    @api.model
    def _sapa_field_class(self, field_name):
        """The declared class of a field (see SAPA_FIELD_CLASSES), or None."""
        field = self._fields[field_name]
        declared = getattr(field, "sapa_class", None)
        if declared:
            return declared
        return INHERITED_FIELD_CLASSES.get(field_name)

    @api.model
    def _sapa_fields_of_class(self, *classes):
        """Names of this model's fields of the given classes."""
        return {name for name in self._fields if self._sapa_field_class(name) in classes}

    # ------------------------------------------------------------------
    # 'workflow' and 'secret' fields: never written by a user
    # ------------------------------------------------------------------
    def _sapa_as_workflow(self):
        """These records as SAPA's own code (actions, guard, crons): they may
        write 'workflow' fields. Keep the result local: never hand it back to
        the caller, whose own values must stay checked."""
        return self.with_context(sapa_workflow=_SAPA_WORKFLOW)

    @api.model
    def _sapa_protected_fields(self):
        """{field name: class} of the fields no user writes: every 'workflow' and
        'secret' field of a SAPA model, and those SAPA adds to Odoo's models.
        Cached on the model's class (one class per registry)."""
        cls = type(self)
        protected = cls.__dict__.get("_sapa_protected_cache")
        if protected is None:
            ours = self._name.startswith("sapa.")
            protected = {}
            for name, field in self._fields.items():
                declared = getattr(field, "sapa_class", None)
                field_class = declared or (ours and self._sapa_field_class(name))
                if field_class in ("workflow", "secret"):
                    protected[name] = field_class
            cls._sapa_protected_cache = protected
        return protected

    @api.model
    def _sapa_check_writable(self, field_names):
        """Refuse a user's create, write or import of fields only SAPA sets."""
        if self.env.su:
            return
        protected = self._sapa_protected_fields()
        if not protected:
            return
        as_workflow = self.env.context.get("sapa_workflow") is _SAPA_WORKFLOW
        refused = sorted(
            name for name in field_names
            if name in protected and not (as_workflow and protected[name] == "workflow")
        )
        if refused:
            labels = ", ".join(self._fields[name]._description_string(self.env) for name in refused)
            raise AccessError(
                _("%(fields)s of %(model)s are set by SAPA itself (by the step's action, "
                  "never by editing or importing them).",
                  fields=labels, model=self._description)
            )

    @api.model
    def check_field_access_rights(self, operation, field_names):
        # write() (and so web_save and import) passes its final values here.
        if field_names and operation in ("write", "create"):
            self._sapa_check_writable(field_names)
        return super().check_field_access_rights(operation, field_names)

    # ------------------------------------------------------------------
    # Share users (portal, public): only what may be public, over the ORM
    # ------------------------------------------------------------------
    # A reporter's portal account reads its own complaint through SAPA's pages;
    # over the ORM's value-returning paths (read and everything built on it,
    # read_group, export_data) only 'public' and 'config' fields: no staff
    # names (write_uid), followers, activities or workflow details. Domains and
    # orders are not values: the record rules and Odoo's own checks apply.
    def _sapa_share_readable(self, field_names):
        """The fields of ``field_names`` a share user may read (None: all such)."""
        readable = self._sapa_fields_of_class(*SHARE_READABLE) | {"id", "display_name"}
        if field_names is None:
            return [name for name in self._fields if name in readable]
        refused = sorted({name.split(":")[0].split(".")[0] for name in field_names} - readable)
        if refused:
            raise AccessError(
                _("These fields of %(model)s are for SAPA staff: %(fields)s",
                  model=self._description, fields=", ".join(refused))
            )
        return field_names

    def read(self, fields=None, load="_classic_read"):
        if self._sapa_share_reader():
            fields = self._sapa_share_readable(fields or None)
        return super().read(fields, load=load)

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None,
                    order=None):
        if self._sapa_share_reader():
            self._sapa_share_readable(
                [spec for spec in (*groupby, *aggregates) if spec != "__count"]
            )
        return super()._read_group(domain, groupby, aggregates, having=having, offset=offset,
                                   limit=limit, order=order)

    def export_data(self, fields_to_export):
        if self._sapa_share_reader():
            self._sapa_share_readable(
                [path.replace("/", ".") for path in fields_to_export if path != ".id"]
            )
        return super().export_data(fields_to_export)

    def _sapa_share_reader(self):
        """A portal or public user reading a SAPA model (not as superuser)."""
        return self._name.startswith("sapa.") and not self.env.su and self.env.user.share

    @api.model_create_multi
    def create(self, vals_list):
        # Odoo checks no field access on create: SAPA does, for its own fields.
        if not self.env.su and self._sapa_protected_fields():
            for vals in vals_list:
                self._sapa_check_writable(vals)
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Record rules hold after a write too
    # ------------------------------------------------------------------
    def write(self, vals):
        result = super().write(vals)
        if not self.env.su and self._sapa_moves_records(vals):
            # Odoo checks the rules on the records as they were: check them again
            # on what they became, so nobody moves a victim line, an outreach
            # activity, a message or a file into a case they may not write on.
            if self._name == "ir.attachment":
                self.check("write")  # the document's rights (ir.attachment's own check)
            else:
                self.check_access("write")
        return result

    def _sapa_moves_records(self, vals):
        if self._name.startswith("sapa."):
            return any(
                self._fields[name].type in ("many2one", "many2one_reference")
                for name in vals if name in self._fields
            )
        if self._name in ("mail.message", "ir.attachment"):
            return bool({"res_id", "model", "res_model"}.intersection(vals))
        return False

    # ------------------------------------------------------------------
    # Searching is reading: no domain on a field the user may not read
    # ------------------------------------------------------------------
    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su and self._name.startswith("sapa."):
            self._sapa_check_domain_access(domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _sapa_check_domain_access(self, domain):
        # Odoo checks the groups of the fields a domain names, except for the
        # one2many/many2many ones: ("victim_ids", "!=", False) would tell the
        # Admin which cases have victims of a kind. Check the first field of
        # every path.
        names = {
            leaf[0].split(".", 1)[0]
            for leaf in domain
            if isinstance(leaf, (list, tuple)) and len(leaf) == 3 and isinstance(leaf[0], str)
        }
        refused = sorted(
            name for name in names
            if name in self._fields and not self._fields[name].is_accessible(self.env)
        )
        if refused:
            raise AccessError(
                _("You may not search %(model)s by %(fields)s.",
                  model=self._description, fields=", ".join(refused))
            )
