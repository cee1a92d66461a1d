"""What the pages do besides answering requests: a study rating and its undo, from the deck to
the next card (``studying``); deck folders on disk (``storage``), the learner deck written from
review decisions (``publishing``) and background builds (``jobs``). Nothing here renders a page;
the views in ``study.py`` and ``teach/`` call these."""
