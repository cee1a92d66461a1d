"""What the teacher pages do besides answering requests: deck folders on disk (``storage``), a
table source's column settings (``table_settings``), the learner deck written from review decisions
(``publishing``) and background builds (``jobs``). Nothing here renders a page."""
