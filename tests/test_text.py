from extractors.text import MAX_SENTENCE_CHARS, fold, sentence_spans, stem, tokens


def test_fold_keeps_length_and_unifies_forms():
    text = "İstanbul’s “Türkiye” — Ёлка AZERBAÏDJAN"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.startswith("istanbul's \"turkiye\" - елка azerbaidjan")


def test_fold_arabic_alef_variants_meet():
    assert fold("أذربيجان") == fold("اذربيجان")


def test_sentences_split_on_terminal_punctuation_not_abbreviations():
    text = "Mr. Smith went to the U.S. on Monday. He said: “No.” Then he left!\nNew line here"
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == ["Mr. Smith went to the U.S. on Monday.", "He said: “No.”", "Then he left!", "New line here"]


def test_sentences_in_arabic_and_russian():
    text = "قال ماكرون ذلك. ونفت تركيا؟ Он сказал. Она ответила."
    assert len(sentence_spans(text)) == 4


def test_text_without_breaks_is_chunked_at_the_cap():
    text = "word " * 2000
    spans = sentence_spans(text)
    assert len(spans) > 10
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    one_token = "x" * 5000
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in sentence_spans(one_token))


def test_empty_and_whitespace_have_no_sentences():
    assert sentence_spans("") == []
    assert sentence_spans("  \n\n ") == []


def test_tokens_and_stems():
    assert tokens(fold("Turkey's 300 fighters")) == ["turkey", "s", "300", "fighters"]
    assert stem("mercenaries") == stem("mercenary")
    assert stem("наемников") == stem("наемники")


def test_guess_language():
    from extractors.text import guess_language

    assert guess_language("The ministry said that the reports were false and that it was calm.") == "en"
    assert guess_language("Bakanlık bu iddiaların asılsız olduğunu ve bir yalan olduğunu da söyledi.") == "tr"
    assert guess_language("Le ministère a dit que les rapports sont faux et que la situation est calme.") == "fr"
    assert guess_language("Министерство опровергло эти сообщения.") == "ru"
    assert guess_language("ونفت الوزارة هذه التقارير") == "ar"
    assert guess_language("12345 !!!") is None
