"""Property: every cell a table file gives points at its own text, whatever the cells hold."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from quizgen.table_files import csv_rows

cell_text = st.text(alphabet=st.sampled_from(list('ab ,;"\t\nÄ✓é1-')), max_size=12).map(str.strip)
tables = st.lists(st.lists(cell_text, min_size=3, max_size=3), min_size=1, max_size=6)
line_endings = st.sampled_from(["\n", "\r\n"])


@given(tables, line_endings, st.booleans(), st.sampled_from([",", "\t"]))
# a quoted cell holding the delimiter, a doubled quote and a line break, after a byte order mark
@example([['a,"b"\nc', "x", ""]], "\r\n", True, ",")
def test_each_cell_span_is_the_cell_as_the_file_writes_it(rows, newline, bom, delimiter):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    text = ("\ufeff" if bom else "") + buffer.getvalue()
    read = csv_rows(Path("t.csv"), text, delimiter)
    assert [[cell for cell, _, _ in cells] for _, cells, _, _ in read] == rows
    for _, cells, start, end in read:
        for cell, cell_start, cell_end in cells:
            assert start <= cell_start <= cell_end <= end
            assert text[cell_start:cell_end] == cell.replace('"', '""')
