from poise.text.normalize import display_normalize, fold, fold_plain


def test_arabic_letter_variants_diacritics_and_tatweel_fold_to_one_spelling() -> None:
    assert fold_plain("إِنْذَار") == fold_plain("انذار")
    assert fold_plain("تنبيـــه") == "تنبيه"
    assert fold_plain("مدرسة") == "مدرسه"
    assert fold_plain("مستشفى") == "مستشفي"


def test_arabic_indic_digits_read_as_digits() -> None:
    assert fold_plain("٢٠٪") == "20%"


def test_full_width_latin_and_half_width_kana_are_folded() -> None:
    assert fold_plain("ＡＬＥＲＴ") == "alert"
    assert fold_plain("ｱﾗｰﾄ") == fold_plain("アラート")


def test_katakana_and_hiragana_fold_together_but_keep_voicing() -> None:
    assert fold_plain("ヤバい") == fold_plain("やばい")
    assert fold_plain("ガ") != fold_plain("カ")


def test_french_accents_and_case_are_folded() -> None:
    assert fold_plain("ÉVACUEZ") == "evacuez"
    assert fold_plain("L’alerte") == "l'alerte"


def test_every_folded_character_points_back_to_its_source() -> None:
    text = "Une ALÉRTE ﷺ!"
    folded = fold(text)
    start = folded.text.index("alerte")
    begin, end = folded.source_span(start, start + len("alerte"))
    assert text[begin:end] == "ALÉRTE"


def test_invalid_surrogates_do_not_break_normalization() -> None:
    assert display_normalize("ok \ud800 fine") == "ok ? fine"
