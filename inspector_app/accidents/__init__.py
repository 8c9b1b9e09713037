"""Accidents (生产安全事故) and the city's three systems built on them: warning notices for
repeated accidents (警示通报), listed supervision of serious general accidents (挂牌督办) and the
quarterly check of accident investigation reports (事故调查报告检查).

Public API: ``grade(deaths, serious_injuries, direct_loss_yuan) -> str``.
"""

from inspector_app.accidents.grading import grade

__all__ = ["grade"]
