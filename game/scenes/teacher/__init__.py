"""The teacher area: a PIN, then the class overview, students, questions, topics, before vs after.

Every figure comes from game.reports.collect.build_report, the same function behind the HTML and
CSV files, so the screens and the files agree for the same data. Scenes here only draw a Report.

    pin.py        the PIN door (TeacherPinScene)
    overview.py   the tabs (TeacherScene)
    details.py    one student, one question, one topic
    charts.py     bars, flags and grades, in the theme's colours (the colour-blind palette too)
    base.py       what the report screens share (report, class filter, paging)
"""

from game.scenes.teacher.details import QuestionScene, StudentScene, TopicScene
from game.scenes.teacher.overview import TeacherScene
from game.scenes.teacher.pin import TeacherPinScene

__all__ = ["QuestionScene", "StudentScene", "TeacherPinScene", "TeacherScene", "TopicScene"]
