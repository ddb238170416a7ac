"""Query budgets of the cases kanban (the staff's landing page), per role.

The reads are those of the web client, derived from the kanban view
(kanban_reads.py, shared with bench/bench_kanban.py). The budgets must not
grow with the number of cases: every figure is taken on a small dataset and
again after more cases were added, with columns fuller than the column's card
limit (where the web client also asks for the column's count). Times are not
asserted here: they are measured in bench/ (bench/README.md).
"""

import logging

from odoo import Command
from odoo.tests import tagged

from .common import SapaCaseCommon, create_role_user
from .kanban_reads import grouped_kanban, kanban_info, kanban_page

_logger = logging.getLogger("odoo.sql_db")

# Queries of one grouped kanban (columns + the cards of each open column) and
# of one ungrouped kanban page, caches of records cold (a new request), the
# registry's caches warm. Issue 15 asks at most 30 and 10; measured here 12-15
# and 8-10 (bench/README.md: the same at 100,000 cases), so the grouped budget
# is kept near the measure, to catch a card that grows.
BUDGET_GROUPED = {"subcoordinator": 18, "counselor": 18}
BUDGET_PAGE = {"subcoordinator": 10, "counselor": 10}
OPEN_STEPS = [
    "received", "identification", "verification", "approval", "outreach",
    "decision", "referral", "final_report", "monitoring",
]


@tagged("post_install", "-at_install")
class TestKanbanQueries(SapaCaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_counselor = create_role_user(cls.env, "counselor", "t_sapa_counselor_2")
        cls.counter = 0
        # Small dataset: five cases per step (columns under their card limit).
        cls.add_cases(dict.fromkeys([*OPEN_STEPS, "closed"], 5))

    @classmethod
    def add_cases(cls, per_step):
        """Cases spread over the steps (a data generator: the stage is set in
        SQL, past the SOP's guard, as bench/bench_kanban.py does); every third
        on the Konselor's team, every fourth on another Konselor's, every fifth
        with an activity; violence types alternate."""
        types = cls.type_physical | cls.type_psychological | cls.type_sexual
        vals_list, steps = [], []
        for step, count in per_step.items():
            for _i in range(count):
                cls.counter += 1
                vals_list.append({
                    "summary": f"Kanban case {cls.counter}",
                    "user_id": cls.subkoor.id,
                    "violence_type_ids": [Command.set(types[cls.counter % 3].ids)],
                })
                steps.append(step)
        cases = cls.env["sapa.case"].create(vals_list)  # pylint: disable=unsubscriptable-object
        cls.env.flush_all()
        for case, step in zip(cases, steps, strict=True):
            cls.env.cr.execute(
                "UPDATE sapa_case SET stage_id = %s, step = %s WHERE id = %s",
                (cls.stages[step].id, step, case.id),
            )
        cls.env.invalidate_all()
        members = []
        for index, case in enumerate(cases, start=cls.counter - len(cases)):
            if index % 3 == 0:
                members.append({"case_id": case.id, "user_id": cls.konselor.id})
            if index % 4 == 0:
                members.append({"case_id": case.id, "user_id": cls.other_counselor.id})
            if index % 5 == 0:
                case.activity_schedule(
                    "mail.mail_activity_data_todo", summary="Call back", user_id=cls.subkoor.id
                )
        cls.env["sapa.case.team.member"].create(members)  # pylint: disable=unsubscriptable-object
        cls.env.flush_all()
        return cases

    def count_queries(self, user, read):
        """Queries of ``read`` as ``user``, as in a new request: record caches
        cold, registry caches warm (one read before). Returns the count, the
        queries (their start, for the failure message) and the result."""
        env = self.env(user=user, su=False)
        info = kanban_info(env)
        # Two reads warm the registry's caches as a running server's are: the
        # first finds records in the cache (the records set up by the test),
        # whose access rules a new request then computes once.
        for _warm_up in range(2):
            read(env, info)
            env.flush_all()
            env.invalidate_all()
        before = self.cr.sql_log_count
        with self.assertLogs("odoo.sql_db", "DEBUG") as logs:
            result = read(env, info)
            _logger.debug("end of the read")
        count = self.cr.sql_log_count - before
        queries = [record.getMessage()[:160] for record in logs.records][:-1]
        return count, queries, result

    def assert_budget(self, role, read, budget):
        """The read stays within the role's budget on the small dataset and
        after adding columns fuller than the card limit; returns both counts."""
        user = self.users[role]
        small, small_queries, _result = self.count_queries(user, read)
        env = self.env(user=user, su=False)
        info = kanban_info(env)
        env.invalidate_all()
        with self.assertQueryCount(budget[role]):  # after count_queries' warm-up
            read(env, info)
        self.add_cases(dict.fromkeys(OPEN_STEPS, info["limit"] + 5))
        large, large_queries, _result = self.count_queries(user, read)
        for count, queries in ((small, small_queries), (large, large_queries)):
            self.assertLessEqual(count, budget[role], "\n".join(
                [f"{role}: {small} queries with few cases, {large} with full columns", *queries]
            ))
        return small, large

    def test_grouped_kanban_subcoordinator(self):
        self.assert_budget("subcoordinator", grouped_kanban, BUDGET_GROUPED)

    def test_grouped_kanban_counselor(self):
        self.assert_budget("counselor", grouped_kanban, BUDGET_GROUPED)

    def test_kanban_page_subcoordinator(self):
        small, large = self.assert_budget("subcoordinator", kanban_page, BUDGET_PAGE)
        # The same read, whatever the number of cases; plus the pager's count
        # once the page is full.
        self.assertLessEqual(large, small + 1)

    def test_kanban_page_counselor(self):
        small, large = self.assert_budget("counselor", kanban_page, BUDGET_PAGE)
        # The same read, whatever the number of cases; plus the pager's count
        # once the page is full.
        self.assertLessEqual(large, small + 1)

    def test_columns_open_steps_visible(self):
        """Every open SOP step is a column, in the SOP's order, with its count;
        the user's own steps are unfolded with their cards, the others folded
        (shown, opened with a click), the closed stage folded for everyone (and
        empty under the default 'Open' filter)."""
        own = {
            "subcoordinator": {"identification", "referral"},
            "counselor": {"outreach", "monitoring"},
            "admin": {"received", "final_report"},
            "head_division": {"verification"},
            "head_agency": {"approval", "decision"},
            "manager": set(OPEN_STEPS),
        }
        Case = self.env["sapa.case"]
        for role, unfolded in own.items():
            with self.subTest(role=role):
                env = self.env(user=self.users[role], su=False)
                info = kanban_info(env)
                groups, columns = grouped_kanban(env, info)
                steps = [Case.env["sapa.case.stage"].browse(g["stage_id"][0]).step for g in groups]
                self.assertEqual(steps, [*OPEN_STEPS, "closed"])
                self.assertEqual({s for s, g in zip(steps, groups, strict=True) if not g["__fold"]},
                                 unfolded)
                self.assertFalse(groups[-1]["stage_id_count"])
                if role in ("admin", "manager"):
                    continue  # the Admin's rules differ; the Manager sees as the Sub Koordinator
                visible = Case.with_user(self.users[role])
                for step, group in zip(steps[:-1], groups[:-1], strict=True):
                    count = visible.search_count([("step", "=", step)])
                    self.assertEqual(group["stage_id_count"], count, step)
                    if step in unfolded and count:
                        self.assertEqual(len(columns[group["stage_id"]]["records"]),
                                         min(count, info["limit"]), step)
                    else:
                        self.assertNotIn(group["stage_id"], columns, step)

    def test_counselor_sees_own_team_only(self):
        """The Konselor's columns count and show only the cases of their team,
        opened or not."""
        env = self.env(user=self.konselor, su=False)
        info = kanban_info(env)
        groups, columns = grouped_kanban(env, info, open_all=True)
        Case = self.env["sapa.case"]
        own = Case.search([("team_member_ids.user_id", "=", self.konselor.id)])
        own_open = own.filtered(lambda case: case.step != "closed")
        self.assertTrue(own_open)
        shown = Case.browse([
            card["id"] for column in columns.values() for card in column["records"]
        ])
        self.assertEqual(shown, own_open)
        for group in groups:
            step = Case.env["sapa.case.stage"].browse(group["stage_id"][0]).step
            if step != "closed":
                self.assertEqual(
                    group["stage_id_count"], len(own_open.filtered(lambda c, s=step: c.step == s)),
                )
        page = kanban_page(env, info)
        self.assertEqual({card["id"] for card in page["records"]}, set(own_open.ids))

    def test_counselor_rule_follows_the_team(self):
        """The Konselor's rule reads the stored team users: joining or leaving
        a case's team opens or closes the case to them at once."""
        case = self.add_cases({"outreach": 1})
        case.team_member_ids.unlink()
        Case = self.env["sapa.case"].with_user(self.konselor)
        self.assertFalse(Case.search([("id", "=", case.id)]))
        member = self.env["sapa.case.team.member"].create(
            {"case_id": case.id, "user_id": self.konselor.id}
        )
        Lines = self.env["sapa.case.team.member"].with_user(self.konselor)
        self.assertEqual(Case.search([("id", "=", case.id)]), case)
        self.assertEqual(Lines.search([("case_id", "=", case.id)]), case.team_member_ids)
        member.user_id = self.other_counselor
        self.assertFalse(Case.search([("id", "=", case.id)]))
        self.assertFalse(Lines.search([("case_id", "=", case.id)]))
