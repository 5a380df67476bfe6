"""The reference model matches the curriculum; its cache key follows its configuration."""

from helpers import reference


def test_reference_model_has_the_curriculum_layers_and_parameters():
    model = reference.build_reference_model()
    assert [layer.__class__.__name__ for layer in model.layers] == ["Flatten", "Dense", "Dense", "Dense"]
    assert [layer.count_params() for layer in model.layers] == [0, 100_480, 8_256, 650]
    assert model.count_params() == reference.REFERENCE_PARAMETERS == 109_386
    assert model.layers[-1].activation.__name__ == "softmax"


def test_cache_key_changes_with_the_configuration(monkeypatch):
    key = reference.cache_key()
    monkeypatch.setitem(reference.REFERENCE_CONFIG, "epochs", 6)
    assert reference.cache_key() != key


def test_cache_lives_outside_the_repository(monkeypatch, tmp_path):
    monkeypatch.setenv("DNN_DIGITS_CACHE", str(tmp_path))
    assert reference.cache_dir() == tmp_path
    monkeypatch.delenv("DNN_DIGITS_CACHE")
    repo = reference.__file__.rsplit("/helpers/", 1)[0]
    assert not str(reference.cache_dir()).startswith(repo)


def test_a_remembered_model_comes_back_from_the_cache(monkeypatch, tmp_path):
    import numpy as np
    import pytest

    monkeypatch.setenv("DNN_DIGITS_CACHE", str(tmp_path))
    model = reference.build_reference_model()  # untrained is enough to test the round trip
    reference.remember_reference_model(model, {"loss": [1.0, 0.5]})
    loaded, history = reference.trained_reference_model()
    assert history == {"loss": [1.0, 0.5]}
    for saved, restored in zip(model.get_weights(), loaded.get_weights(), strict=True):
        np.testing.assert_array_equal(saved, restored)
    with pytest.raises(ValueError, match="not the reference architecture"):
        reference.remember_reference_model(
            reference.keras.Sequential([reference.keras.Input(shape=(28, 28)), reference.keras.layers.Flatten()]),
            {"loss": [1.0]},
        )
