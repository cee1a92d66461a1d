"""Statements built once at import keep their compiled SQL in a cache of their own
(``repo.CompiledOnce``): found by comparing keys, not by hashing them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from webapp.repo import CompiledOnce, Prebuilt


def test_an_equal_key_finds_what_was_kept_and_another_key_does_not():
    cache = CompiledOnce()
    key = ("dialect", ("select", ("column", 1)), ("user",), False, False)
    cache[key] = "compiled"
    assert cache.get(("dialect", ("select", ("column", 1)), ("user",), False, False)) == "compiled"
    assert cache.get(("dialect", ("select", ("column", 2)), ("user",), False, False)) is None
    with pytest.raises(KeyError):
        cache[("other",)]
    assert list(cache) == [key] and len(cache) == 1


def test_storing_a_key_again_replaces_it_and_the_oldest_goes_past_the_size():
    cache = CompiledOnce(size=2)
    cache[("a",)] = 1
    cache[("b",)] = 2
    cache[("a",)] = 3
    assert len(cache) == 2 and cache[("a",)] == 3
    cache[("c",)] = 4
    assert list(cache) == [("a",), ("c",)]
    del cache[("a",)]
    assert list(cache) == [("c",)]
    with pytest.raises(KeyError):
        del cache[("a",)]


def test_a_prebuilt_statement_is_compiled_once_and_then_found_in_its_own_cache(app):
    table = sa.table("deck", sa.column("id"), sa.column("slug"))
    statement = Prebuilt(sa.select(table.c.id).where(table.c.slug == sa.bindparam("slug")))
    engine = app.extensions["quizgen_engine"]
    with app.app_context():
        from webapp.db import get_session

        session = get_session()
        first = statement.run(session, {"slug": "none"})
        again = statement.run(session, {"slug": "still none"})
        assert first.all() == [] and again.all() == []
        assert first.context.cache_hit == engine.dialect.CACHE_MISS
        assert again.context.cache_hit == engine.dialect.CACHE_HIT
        assert len(statement._options["compiled_cache"]) == 1
