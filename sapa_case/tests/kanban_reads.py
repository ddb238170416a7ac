"""The reads of the cases kanban as Odoo 18's web client makes them, derived from
the kanban view itself (``get_views``), so that the query-budget tests
(test_kanban_queries.py) and the benchmark (bench/bench_kanban.py) read what
the browser reads: the same fields, the same limits, the same default filter.

Mirrors web/static/src/model/relational_model (relational_model.js, utils.js)
and views/kanban (kanban_arch_parser.js, kanban_controller.js):
* the card's fields are the ``<field>`` nodes of the arch, with the fields the
  widgets depend on (``fieldDependencies``) and the related fields of x2many
  widgets (``relatedFields``); a many2many without widget is shown as tags;
* a many2one is read with its ``display_name``, unless always invisible
  (``invisible="1"``): then its id alone; an always invisible x2many, its ids;
* ungrouped: one ``web_search_read`` of ``limit`` cards (the arch's ``limit``,
  else 40 in a kanban) with ``count_limit`` (the arch's ``count_limit``, else
  10,000, at least the page) + 1;
* grouped: ``web_read_group`` by the default group-by with the aggregates of the
  card's fields, then one ``web_search_read`` per unfolded, non-empty column
  (at most 10 columns open), same limit and count limit.
"""

from lxml import etree

from odoo.tools.safe_eval import safe_eval

# Fields read for a widget besides its own (fieldDependencies in the JS).
WIDGET_DEPENDENCIES = {
    "kanban_activity": {
        "activity_exception_decoration": {},
        "activity_exception_icon": {},
        "activity_state": {},
        "activity_summary": {},
        "activity_type_icon": {},
        "activity_type_id": {"fields": {"display_name": {}}},
    },
}
# Fields read on the records of an x2many widget (relatedFields in the JS).
X2MANY_RELATED = {
    "many2many_tags": {"display_name": {}},
    "many2many_avatar_user": {"display_name": {}},
}
KANBAN_DEFAULT_LIMIT = 40  # kanban_controller.js: archInfo.limit || 40
DEFAULT_COUNT_LIMIT = 10000  # relational_model.js
MAX_NUMBER_OPENED_GROUPS = 10  # relational_model.js
ACTION = "sapa_case.sapa_case_action"


def kanban_info(env, action_xmlid=ACTION):
    """What the web client knows before its first read: the card's fields spec,
    the column limit and count limit, the default group-by and the domain of the
    action's default filters, all read from the views the server sends."""
    action = env.ref(action_xmlid).sudo()
    views = env[action.res_model].get_views([(False, "kanban"), (False, "search")])
    return kanban_info_from_views(action.res_model, views, action.context, env.uid)


def kanban_info_from_views(model, result, action_context, uid):
    """``kanban_info`` from what a client received: ``get_views``' result for
    the kanban and search views of ``model``, and the action's context (its
    text). Used as such by clients over RPC (deploy/failover_drill.py)."""
    fields = result["models"][model]["fields"]
    arch = etree.fromstring(result["views"]["kanban"]["arch"])
    spec = {}
    for node in arch.iter("field"):
        name = node.get("name")
        field = fields[name]
        widget = node.get("widget") or ("many2many_tags" if field["type"] == "many2many" else None)
        invisible = node.get("invisible") in ("1", "True")
        if field["type"] in ("many2one", "reference"):
            spec[name] = {"fields": {} if invisible else {"display_name": {}}}
        elif field["type"] in ("one2many", "many2many"):
            related = None if invisible else X2MANY_RELATED.get(widget)
            spec[name] = {"fields": dict(related)} if related else {}
        else:
            spec.setdefault(name, {})
        for dep_name, dep_spec in WIDGET_DEPENDENCIES.get(widget, {}).items():
            spec.setdefault(dep_name, dep_spec)
    limit = int(arch.get("limit") or KANBAN_DEFAULT_LIMIT)
    count_limit = max(int(arch.get("count_limit") or DEFAULT_COUNT_LIMIT), limit)
    # The action's search_default_<filter> filters, as the search view defines them.
    context = safe_eval(action_context or "{}", {"uid": uid})
    search = etree.fromstring(result["views"]["search"]["arch"])
    domain = []
    for node in search.iter("filter"):
        if context.get(f"search_default_{node.get('name')}") and node.get("domain"):
            domain += safe_eval(node.get("domain"), {"uid": uid})
    aggregates = [
        f"{name}:{fields[name]['aggregator']}" for name in spec
        if fields[name].get("aggregator") and name != arch.get("default_group_by")
    ]
    return {
        "model": model,
        "spec": spec,
        "limit": limit,
        "count_limit": count_limit,
        "group_by": arch.get("default_group_by"),
        "domain": domain,
        "aggregates": aggregates,
    }


def kanban_page(env, info):
    """The ungrouped kanban's first page."""
    return env[info["model"]].web_search_read(
        info["domain"], info["spec"], limit=info["limit"], count_limit=info["count_limit"] + 1,
    )


def grouped_kanban(env, info, open_all=False):
    """The grouped kanban (the default view): the columns, then the cards of
    each unfolded column. Returns the groups and the cards per column.
    ``open_all``: as if the user had opened every folded column but those of
    the stages folded for everyone (``fold``), for comparison."""
    Model = env[info["model"]]
    result = Model.web_read_group(
        info["domain"], info["aggregates"], [info["group_by"]], lazy=True,
    )
    group_field = Model._fields[info["group_by"]]
    columns, opened = {}, 0
    for group in result["groups"]:
        folded = group.get("__fold")
        if open_all and folded and group[info["group_by"]]:
            folded = env[group_field.comodel_name].browse(group[info["group_by"]][0]).fold
        if folded:
            continue
        opened += 1
        if opened > MAX_NUMBER_OPENED_GROUPS or not group[f"{info['group_by']}_count"]:
            continue
        cards = Model.web_search_read(
            group["__domain"], info["spec"], limit=info["limit"],
            count_limit=info["count_limit"] + 1,
        )
        columns[group[info["group_by"]]] = cards
    return result["groups"], columns
