"""Long documents go through the model in pieces (pipeline.analyse_text): the pieces are cut
where the tokenizer splits anyway, so the joined Doc has the text and the tokens of the whole."""

from __future__ import annotations

import gc

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from unkg import pipeline

_nlp = spacy.blank("en")


def _tokens(texts: list[str]) -> list[tuple[str, str]]:
    return [(t.text, t.whitespace_) for text in texts for t in _nlp.make_doc(text)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Peru", "supports", "resolution", "1373", "(2001).", "\n", "\n\n", " ", "  ",
                                 "\t", "A/RES/1", "x" * 30]), min_size=1, max_size=400), st.integers(5, 60))
def test_pieces_are_cut_where_the_tokenizer_splits(words, size):
    text = " ".join(words)
    parts = pipeline.pieces(text, size)
    assert "".join(parts) == text
    assert _tokens(parts) == _tokens([text])


def test_a_long_text_is_joined_back_into_one_doc(monkeypatch):
    import unkg.nlp  # noqa: F401  (registers unkg_line_breaks)

    nlp = spacy.blank("en")  # as nlp.load_pipeline makes it without a model, before the whole-document rules
    nlp.add_pipe("unkg_line_breaks")
    nlp.add_pipe("sentencizer")
    text = "".join(f"{i}. The Security Council recalls resolution 1373 (2001).\n\n" for i in range(400))
    monkeypatch.setattr(pipeline, "CHUNK_ABOVE_CHARS", 2_000)
    monkeypatch.setattr(pipeline, "PIECE_CHARS", 1_000)
    assert len(pipeline.pieces(text, pipeline.PIECE_CHARS)) > 20
    doc = pipeline.analyse_text(nlp, text)
    assert doc.text == text
    assert [t.text for t in doc] == [t.text for t in nlp.make_doc(text)]
    assert [s.text for s in doc.sents] == [s.text for s in nlp(text).sents]


def test_processing_leaves_garbage_collection_as_it_was(tmp_path):
    f = tmp_path / "x.txt"
    f.write_text("   \n")
    assert gc.isenabled()
    with pytest.raises(Exception):
        pipeline.process(f)
    assert gc.isenabled()
