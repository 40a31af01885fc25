"""Fitted objects round-trip through model storage; untrusted types are refused."""

import pytest
import skops.io
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.nlu import model_files


def test_a_fitted_object_comes_back(tmp_path):
    storage, resource = LocalModelStorage(tmp_path), Resource("vectorizer")
    fitted = TfidfVectorizer().fit(["is it free", "no papers"])
    model_files.save(fitted, storage, resource, "v.skops")
    loaded = model_files.load(storage, resource, "v.skops", ["scipy.sparse._csr.csr_matrix"])
    assert loaded.vocabulary_ == fitted.vocabulary_


def test_nothing_trained_loads_as_none(tmp_path):
    assert model_files.load(LocalModelStorage(tmp_path), Resource("none"), "v.skops", []) is None


def test_a_type_not_trusted_is_refused(tmp_path):
    storage, resource = LocalModelStorage(tmp_path), Resource("vectorizer")
    model_files.save(
        TfidfVectorizer().fit(["is it free", "no papers"]), storage, resource, "v.skops"
    )
    with pytest.raises(skops.io.exceptions.UntrustedTypesFoundException):
        model_files.load(storage, resource, "v.skops", [])
