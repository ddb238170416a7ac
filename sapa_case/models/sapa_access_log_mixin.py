from contextlib import contextmanager
from contextvars import ContextVar

from odoo import api, fields, models
from odoo.models import fix_import_export_id_paths, parse_read_group_spec
from odoo.tools import SQL

# The reads of the current outermost read call, not written yet:
# [(user id, SQL selecting the ids of the cases read)].
_PENDING_READS = ContextVar("sapa_access_log_pending_reads", default=None)


class SapaAccessLogMixin(models.AbstractModel):
    """Logs every read of confidential SAPA data in ``sapa.case.access.log``: who
    read the data of which case, when (UU 27/2022 PDP: accountability for reads of
    victims' data).

    A model carrying confidential data inherits this mixin; a model other than
    ``sapa.case`` names the column holding its case (``case_id`` by default), and
    its reads are logged as reads of that case. Its confidential fields are those
    declared ``sapa_class="confidential"`` (see sapa_case/models/base.py).

    Logged: ``read``, ``search_read``, ``web_read`` and ``web_search_read`` (form,
    list, kanban, RPC) of a confidential field; ``read_group``, ``web_read_group``
    and ``_read_group`` grouping or aggregating a confidential field (every case
    of the domain is logged); ``export_data`` of a confidential field, also
    through a relation to another logged model (``case_id/identification``).
    Not logged: superuser reads (the SOP guard's presence checks, computes with
    ``compute_sudo``), reads of non-confidential fields only, and failed reads.

    One INSERT per read call, whatever the number of records and the nested reads
    it makes (a form reading a case and its victims logs the case once). Odoo 18
    runs read-only RPCs on a read-only cursor (on the replica when
    ``db_replica_host`` is set): the log is then written on the primary, through
    a cursor of its own committed at once; otherwise in the current transaction.
    Attribute access on records (reports, server code) is not a read call and is
    not logged here."""

    _name = "sapa.access.log.mixin"
    _description = "SAPA access logging of confidential data"

    # The column of the model's table holding the case its records belong to.
    _sapa_access_log_case_column = "case_id"

    # ------------------------------------------------------------------
    # The read paths
    # ------------------------------------------------------------------
    @api.readonly
    def read(self, fields=None, load="_classic_read"):
        with self._sapa_logging_reads():
            result = super().read(fields, load)
            self._sapa_log_read(fields)
        return result

    @api.model
    @api.readonly
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None,
                    **read_kwargs):
        with self._sapa_logging_reads():
            result = super().search_read(domain, fields, offset=offset, limit=limit,
                                         order=order, **read_kwargs)
            self.browse([row["id"] for row in result])._sapa_log_read(fields)
        return result

    @api.readonly
    def web_read(self, specification):
        # Logged by read(), with the x2many lines it reads in the same call.
        with self._sapa_logging_reads():
            return super().web_read(specification)

    @api.model
    @api.readonly
    def web_search_read(self, domain, specification, offset=0, limit=None, order=None,
                        count_limit=None):
        with self._sapa_logging_reads():
            return super().web_search_read(domain, specification, offset=offset, limit=limit,
                                           order=order, count_limit=count_limit)

    @api.model
    @api.readonly
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        # Logged by _read_group().
        with self._sapa_logging_reads():
            return super().read_group(domain, fields, groupby, offset=offset, limit=limit,
                                      orderby=orderby, lazy=lazy)

    @api.model
    @api.readonly
    def web_read_group(self, domain, fields, groupby, limit=None, offset=0, orderby=False,
                       lazy=True):
        with self._sapa_logging_reads():
            return super().web_read_group(domain, fields, groupby, limit=limit, offset=offset,
                                          orderby=orderby, lazy=lazy)

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None,
                    order=None):
        with self._sapa_logging_reads():
            result = super()._read_group(domain, groupby, aggregates, having, offset=offset,
                                         limit=limit, order=order)
            names = [parse_read_group_spec(spec)[0] for spec in groupby]
            names += [spec.split(":")[0] for spec in aggregates]
            names += [leaf[0].split(":")[0] for leaf in having if isinstance(leaf, (list, tuple))]
            if not self.env.su and self._sapa_confidential_fields().intersection(names):
                self._sapa_log_cases(self._search(domain).select(self._sapa_case_column_sql()))
        return result

    def export_data(self, fields_to_export):
        with self._sapa_logging_reads():
            result = super().export_data(fields_to_export)
            self._sapa_log_export([fix_import_export_id_paths(path) for path in fields_to_export])
        return result

    # ------------------------------------------------------------------
    # What a read logs
    # ------------------------------------------------------------------
    @api.model
    def _sapa_confidential_fields(self):
        """Names of the model's confidential fields (cached on the model's class,
        one class per registry)."""
        cls = type(self)
        names = cls.__dict__.get("_sapa_confidential_cache")
        if names is None:
            names = cls._sapa_confidential_cache = frozenset(
                self._sapa_fields_of_class("confidential")
            )
        return names

    def _sapa_case_column_sql(self):
        return SQL.identifier(self._table, self._sapa_access_log_case_column)

    def _sapa_log_read(self, field_names):
        """Log the read of ``field_names`` of these records (None: every field the
        user may read), if any is confidential."""
        ids = [id_ for id_ in self._ids if isinstance(id_, int)]
        if not ids or self.env.su:
            return
        names = field_names or self.check_field_access_rights("read", None)
        if self._sapa_confidential_fields().intersection(names):
            self._sapa_log_cases(SQL(
                "SELECT %s FROM %s WHERE %s = ANY(%s)",
                self._sapa_case_column_sql(), SQL.identifier(self._table),
                SQL.identifier(self._table, "id"), ids,
            ))

    def _sapa_log_export(self, paths):
        """Log the export of ``paths`` (lists of field names) of these records: a
        confidential field of this model, or one reached through a relation to
        another logged model."""
        if not self or self.env.su:
            return
        confidential = self._sapa_confidential_fields()
        direct, through = [], {}
        for first, *rest in paths:
            field = self._fields.get(first)
            if field is None:
                continue
            if first in confidential:
                direct.append(first)
            elif rest and field.relational and hasattr(
                self.env[field.comodel_name], "_sapa_access_log_case_column"
            ):
                through.setdefault(first, []).append(rest)
        if direct:
            self._sapa_log_read(direct)
        for fname, sub_paths in through.items():
            self[fname]._sapa_log_export(sub_paths)

    def _sapa_log_cases(self, cases_sql):
        """Log that the current user read the cases ``cases_sql`` selects (written
        at the end of the outermost read call)."""
        pending = _PENDING_READS.get()
        if pending is None:  # called outside a read call: write now
            self._sapa_write_access_log([(self.env.uid, cases_sql)])
        else:
            pending.append((self.env.uid, cases_sql))

    @contextmanager
    def _sapa_logging_reads(self):
        """Collect the reads of the call and of the reads it makes, and write them
        once it succeeded (one INSERT). Nested calls add to the outermost one."""
        if _PENDING_READS.get() is not None:
            yield
            return
        pending = []
        token = _PENDING_READS.set(pending)
        try:
            yield
        finally:
            _PENDING_READS.reset(token)
        if pending:
            self._sapa_write_access_log(pending)

    def _sapa_write_access_log(self, pending):
        """Insert the log rows of ``pending`` ([(user id, SQL selecting case ids)])
        in one statement: in the current transaction, or, on a read-only cursor,
        through a read/write cursor of its own, committed at once."""
        rows = SQL(" UNION ").join(
            SQL("SELECT cases.case_id, %s AS user_id FROM (%s) AS cases(case_id)", uid, cases_sql)
            for uid, cases_sql in pending
        )
        query = SQL(
            "INSERT INTO %s (case_id, user_id, date)"
            " SELECT DISTINCT case_id, user_id, %s FROM (%s) AS rows WHERE case_id IS NOT NULL",
            SQL.identifier(self.env["sapa.case.access.log"]._table), fields.Datetime.now(), rows,
        )
        cr = self.env.cr
        if not cr.readonly:
            cr.execute(query)
            return
        # Odoo's own way to write from a read-only request (res.device, web's
        # assets): end the read-only transaction, which wrote nothing (this also
        # lets a read/write test cursor open after a read-only one), and write
        # through a read/write cursor on the primary database.
        cr.rollback()
        with self.env.registry.cursor(readonly=False) as log_cr:
            log_cr.execute(query)
