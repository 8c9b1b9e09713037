"""Accidents (生产安全事故) and the city's three systems built on them: warning notices for
repeated accidents (警示通报), listed supervision of serious general accidents (挂牌督办) and the
quarterly check of accident investigation reports (事故调查报告检查).

Public API (a contract): ``grade(deaths, serious_injuries, direct_loss_yuan) -> str``, one of
一般, 较大, 重大, 特别重大 (国务院令第493号 Art. 3).

The modules, by what they hold:

* ``params`` — ``resources/accidents.json`` loaded and checked (thresholds, periods, type lists,
  the three systems' parameters, each section with its source and verified flag).
* ``grading`` — the grade; ``model`` — an accident as its reports leave it (``derive``,
  ``AccidentView``); ``reporting`` — the reporting deadlines of Art. 9-11.
* ``accidents`` — the ``accident`` and ``accident_report`` rules and writes; ``steps`` — the
  ``accident_step`` rules (forwarding, investigation, accountability, listing steps) and the
  investigation's deadlines; ``listing`` — the listing trigger and its derived state;
  ``warnings`` — the 60-day rule, candidates, the ``warning_notice`` rules, drafts, issue and
  the register; ``report_checks`` — quarters, what a quarter collects, the checks, the bulletin;
  ``fines`` — Art. 114 and Art. 95 ranges for the cases module; ``documents`` — the three
  documents' content and their numbers.
* ``operations`` — the writes a screen calls (record, supplement, correct, flag, steps, issue
  the listing), each returning what it set off; ``queries`` — registers and the timeline.
* ``wire`` — the tables as they sync
  (fields, parent, immutability, the check the server runs).

How the rest of the application meets it:

* the local tables are version 7 of ``inspector_app.store.migrations``; ``tables`` lists them
  for the replication (matter "accidents"), each judged by ``wire``'s check on both sides;
* the documents (``warning_notice``, ``listing_notice``, ``report_check_bulletin``) are
  templates in ``resources/documents/``, issued into the shared ``document`` table;
* the cases module: ``fines.fine_ranges(view)`` for the decision dialog's range,
  ``fines.case_values(view)`` to open a case from an accident, ``AccidentFines.unit_case()`` /
  ``principal_case(income)`` as the step data ``cases.fine_checker`` reads.
"""

from inspector_app.accidents.grading import grade

__all__ = ["grade"]
