"""The adversarial corpus covers at least 125 input classes, each named once."""

from __future__ import annotations

import test_csv_corpus
import test_file_corpus
import test_store_corpus
import test_timestamp_corpus


def test_the_corpus_has_at_least_125_named_classes():
    classes = [
        *test_csv_corpus.CLASSES,
        *test_timestamp_corpus.CLASSES,
        *test_file_corpus.CLASSES,
        *test_store_corpus.CLASSES,
    ]
    names = [c.name for c in classes]
    assert len(names) == len(set(names))
    assert len(classes) >= 125
