"""What the teacher pages do besides answering requests: deck folders on disk (``storage``),
the learner deck written from review decisions (``publishing``) and background builds (``jobs``).
Nothing here renders a page; the views in ``teach/`` call these."""
