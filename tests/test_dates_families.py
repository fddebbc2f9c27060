"""The families of issue 11 beyond the corpus: holidays and working days against the published
calendar, refusals and their reasons in both languages, past references, the words a phrase keeps,
and deadlines read on their own last day. Expected values come from the calendar, not the parser."""

from datetime import date

import pytest

from missiontui.core.dates import DateError, find_all, find_due, find_in_letter, parse_due
from missiontui.core.dates.errors import _ERRORS_EN, _ERRORS_FR
from missiontui.core.dates.holidays import easter, public_holidays
from missiontui.core.model import Precision

REF = date(2022, 4, 21)  # a Thursday: the DNS letter


@pytest.mark.parametrize("year, sunday", [
    (1818, date(1818, 3, 22)),  # the earliest possible Easter
    (1943, date(1943, 4, 25)),  # the latest
    (2000, date(2000, 4, 23)), (2008, date(2008, 3, 23)), (2011, date(2011, 4, 24)), (2019, date(2019, 4, 21)),
    (2022, date(2022, 4, 17)), (2023, date(2023, 4, 9)), (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)),
    (2038, date(2038, 4, 25)),
])
def test_easter_as_published(year, sunday):
    assert easter(year) == sunday


def test_the_eleven_public_holidays_of_2024():
    # Légifrance / service-public.fr: jours fériés 2024
    assert sorted(public_holidays(2024)) == [
        date(2024, 1, 1), date(2024, 4, 1), date(2024, 5, 1), date(2024, 5, 8), date(2024, 5, 9),
        date(2024, 5, 20), date(2024, 7, 14), date(2024, 8, 15), date(2024, 11, 1), date(2024, 11, 11),
        date(2024, 12, 25)]


@pytest.mark.parametrize("text, ref, expected", [
    # From Thursday 2 May 2024, counted from the day after: Fri 3, Mon 6, Tue 7, Fri 10, Mon 13;
    # 8 May (Wed) and 9 May (Ascension, Thu) are holidays.
    ("5 jours ouvrés", date(2024, 5, 2), date(2024, 5, 13)),
    # ouvrables count Saturdays: Fri 3, Sat 4, Mon 6, Tue 7, Fri 10
    ("5 jours ouvrables", date(2024, 5, 2), date(2024, 5, 10)),
    # from a Friday: the next working day is Monday; Easter Monday 1 April 2024 is not one
    ("J+1 ouvré", date(2024, 3, 29), date(2024, 4, 2)),
    ("dans un délai de deux jours ouvrés à compter de la réception de la présente", date(2024, 12, 24),
     date(2024, 12, 27)),
    # ten working days before 15 May 2024 (Wed): 14, 13, 10, 7, 6, 3, 2, 30 Apr, 29, 26 Apr
    ("10 jours ouvrés avant le 15 mai", date(2024, 1, 10), date(2024, 4, 26)),
])
def test_working_days_skip_weekends_and_public_holidays(text, ref, expected):
    assert parse_due(text, ref).date == expected


@pytest.mark.parametrize("text, ref, expected, precision", [
    # Read ON the day a period ends, the deadline is that day, not next year (issue 12's planted bug).
    ("fin juin", date(2022, 6, 30), date(2022, 6, 30), Precision.END_OF_MONTH),
    ("fin du mois", date(2022, 5, 31), date(2022, 5, 31), Precision.END_OF_MONTH),
    ("T2", date(2022, 6, 30), date(2022, 6, 30), Precision.QUARTER),
    ("fin de l'année", date(2022, 12, 31), date(2022, 12, 31), Precision.YEAR),
    ("en septembre", date(2022, 9, 30), date(2022, 9, 30), Precision.MONTH),
    ("d'ici l'été", date(2022, 9, 22), date(2022, 9, 22), Precision.SEASON),
    ("à Noël", date(2022, 12, 25), date(2022, 12, 25), Precision.DAY),
    ("la seconde quinzaine de février", date(2024, 2, 29), date(2024, 2, 29), Precision.END_OF_MONTH),
    ("le 21 courant", date(2022, 4, 21), date(2022, 4, 21), Precision.DAY),
    # ... and the day after, the next one
    ("fin juin", date(2022, 7, 1), date(2023, 6, 30), Precision.END_OF_MONTH),
    ("T2", date(2022, 7, 1), date(2023, 6, 30), Precision.QUARTER),
    ("d'ici l'été", date(2022, 9, 23), date(2023, 9, 22), Precision.SEASON),
])
def test_a_period_read_on_its_last_day_is_due_that_day(text, ref, expected, precision):
    due = parse_due(text, ref)
    assert (due.date, due.precision) == (expected, precision)


@pytest.mark.parametrize("text, ref, expected", [
    ("l'hiver 2022", REF, date(2023, 3, 19)),  # winter 2022 begins in December 2022
    ("cet hiver", date(2022, 1, 10), date(2022, 3, 19)),  # in January: the winter under way
    ("cet hiver", date(2022, 3, 20), date(2023, 3, 19)),  # the day after it ends: the next one
    ("avant l'hiver", date(2022, 1, 10), date(2022, 12, 20)),
    ("avant septembre", date(2022, 9, 10), date(2023, 8, 31)),  # the day before the next September
    ("l'été dernier", REF, date(2021, 9, 22)),
    ("le printemps prochain", date(2022, 4, 21), date(2023, 6, 20)),  # this one has begun
])
def test_seasons(text, ref, expected):
    due = find_due(text, ref).due
    assert due.date == expected and due.precision in (Precision.SEASON, Precision.END_OF_MONTH)


@pytest.mark.parametrize("text, code", [
    ("la semaine prochaine", "week"),
    ("d'ici la fin de la semaine", "week"),
    ("le 12 courant", "day_past"),
    ("début de l'automne", "part_of"),
    ("début du T3", "part_of"),
    ("la veille de l'été", "shift_of_period"),
    ("dans un délai de deux mois à compter de la remise du rapport", "counted_from"),
    ("sous quinze jours à compter de la réception de votre rapport", "counted_from"),
    ("dans un mois et demi", "half_unit"),
    ("dans 10 jours francs", "clear_days"),
    ("avant les vacances de Noël", "school_holidays"),
    ("à la rentrée parlementaire", "which_rentree"),
    ("l'hiver 2023-2025", "bad_years"),
    ("d'ici la fin de l'année scolaire 2022-2023", "school_year"),
    ("en mai ou en juin", "alternative"),
    ("le 3 ou le 10 octobre", "alternative"),
    ("fin juin, voire début juillet", "alternative"),
    ("fin mars de l'année suivante", "counted_from"),  # the year after which?
    ("après l'été", "start"),
    ("à l'issue du premier semestre", "start"),
    ("passé le 15 mai", "start"),
    ("after the summer", "start"),
    # the third held-out corpus's families
    ("soit fin juin, soit début septembre", "alternative"),
    ("dans les deux mois qui suivent la publication du décret", "counted_from"),
    ("dans les six semaines de l'entrée en vigueur de la loi", "counted_from"),
    ("Vous disposez de deux mois à compter de la notification de la décision pour former un recours", "counted_from"),
    ("Vous avez deux mois pour former un recours à compter de la notification de la décision", "counted_from"),
    ("Ne pas publier avant le 30 juin", "start"),
    ("Le rapport ne sera pas diffusé avant le 30 juin", "start"),
    ("under embargo until 1 June", "start"),
    ("J'ai bien reçu votre note du 3 mars", "past_reference"),
    ("your letter of 2 April", "past_reference"),
])
def test_what_cannot_be_read_without_guessing_is_refused_with_its_reason(text, code):
    with pytest.raises(DateError) as error:
        parse_due(text, REF)
    assert error.value.code == code
    english, french = str(error.value), error.value.localized("fr")
    assert english != french and "«" in french and "'" in english


def test_every_reason_exists_in_both_languages_with_the_same_placeholders():
    import string

    fields = lambda text: {f for _, f, _, _ in string.Formatter().parse(text) if f}  # noqa: E731
    assert _ERRORS_EN.keys() == _ERRORS_FR.keys()
    assert all(fields(_ERRORS_EN[k]) == fields(_ERRORS_FR[k]) for k in _ERRORS_EN)


def test_a_day_of_this_month_already_past_says_so_in_french():
    with pytest.raises(DateError) as error:
        parse_due("le 12 courant", REF)
    assert error.value.localized("fr") == "«\u00a0le 12 courant\u00a0»\u00a0: le 12 de ce mois est déjà passé"


@pytest.mark.parametrize("text, expected", [
    ("le 12 mai dernier", date(2021, 5, 12)),  # never pushed a year ahead
    ("le 21 avril dernier", date(2022, 4, 21)),  # on or before the reference
    ("lors de mon discours du 14 juillet", date(2021, 7, 14)),
    ("depuis le 1er mars", date(2022, 3, 1)),
    ("depuis dix ans", date(2012, 4, 21)),
    ("il y a trois semaines", date(2022, 3, 31)),
    ("last Monday", date(2022, 4, 18)),
    ("last March", date(2022, 3, 31)),
    ("since 2019", date(2019, 12, 31)),
    ("hier", date(2022, 4, 20)),
])
def test_past_references_are_in_the_past_and_say_so(text, expected):
    found = find_due(text, REF)
    assert found.due.date == expected and found.past and not found.deadline
    with pytest.raises(DateError) as error:  # not a deadline
        parse_due(text, REF)
    assert error.value.code == "past_reference"
    assert parse_due(text, REF, deadline_only=False).date == expected  # but a date to filter by


def test_last_monday_read_on_a_monday_is_a_week_ago():
    assert find_due("lundi dernier", date(2022, 5, 16)).due.date == date(2022, 5, 9)
    assert find_due("last Friday", date(2022, 5, 16)).due.date == date(2022, 5, 13)


@pytest.mark.parametrize("text", ["le 12 mai", "fin juin", "le 21 avril 2022", "dans trois semaines", "Noël"])
def test_deadlines_are_not_past(text):
    found = find_due(text, REF)
    assert not found.past and found.deadline


@pytest.mark.parametrize("text", [
    "hier", "demain", "aujourd'hui", "mercredi", "dans 3 semaines", "+2w", "J+10", "next friday",
    "lundi prochain", "sous quinzaine", "10 jours ouvrés", "in two months", "le 25 courant",
])
def test_words_that_only_pointed_at_a_day_are_not_kept(text):
    """Typed in a form, these are the moment of typing, not a letter's wording (issue 9)."""
    assert find_due(text, REF).due.phrase == ""


@pytest.mark.parametrize("text, phrase", [
    ("fin juin", "fin juin"),
    ("d'ici le 15 mai", "d'ici le 15 mai"),
    ("remis en septembre 2022", "en septembre 2022"),
    ("le mois prochain", "le mois prochain"),  # a month, not a day
    ("d'ici l'automne", "d'ici l'automne"),
    ("à la rentrée", "à la rentrée"),
    ("avant Noël", "avant Noël"),
    ("deux semaines avant Noël", "deux semaines avant Noël"),
    ("30/09", "30/09"),
])
def test_phrases_that_say_more_than_the_day_keep_their_words(text, phrase):
    assert parse_due(text, REF).phrase == phrase


LETTER = """Paris, le 21 avril 2022

Comme je vous l'ai indiqué le 12 mai dernier, et lors de mon discours du 14 juillet, la question
se pose depuis dix ans. Le décret du 20 décembre 2019 l'a rappelé.

Vous me remettrez un rapport d'étape dans un délai de deux mois à compter de la réception de la
présente, et votre rapport définitif avant l'été 2023. Un point sera fait la veille de Noël.
"""


def test_a_letter_says_which_dates_are_deadlines():
    letter = find_in_letter(LETTER, date(2026, 1, 1))
    assert letter.signed == date(2022, 4, 21)
    deadlines = [(f.due.date, f.due.precision, f.due.phrase) for f in letter.deadlines]
    assert deadlines == [
        # a phrase wrapped across two lines is one phrase, its spaces made plain
        (date(2022, 6, 21), Precision.DAY, "dans un délai de deux mois à compter de la réception de la présente"),
        (date(2023, 6, 20), Precision.SEASON, "avant l'été 2023"),
        (date(2022, 12, 24), Precision.DAY, "la veille de Noël"),
    ]
    assert [f.due.date for f in letter.references] == [
        date(2021, 5, 12), date(2021, 7, 14), date(2012, 4, 21), date(2019, 12, 20)]
    assert all(f.past and not f.deadline for f in letter.references)
    own = [f for f in letter.found if not f.deadline]
    assert [f.due.date for f in own] == [date(2022, 4, 21)]  # the letter's own date


def test_a_letter_keeps_a_delay_s_words_and_where_they_stand():
    letter = find_in_letter(LETTER, None)
    delay = letter.deadlines[0]
    assert LETTER[delay.start:delay.end].startswith("dans un délai de deux mois")


def test_one_unreadable_phrase_does_not_hide_the_rest_of_its_paragraph():
    text = "Paris, le 21 avril 2022\n\nUn point la semaine prochaine, puis le rapport fin juin."
    letter = find_in_letter(text, None)
    assert [f.due.date for f in letter.deadlines] == [date(2022, 6, 30)]


def test_find_all_reads_every_family_in_one_sentence():
    sentence = ("Le rapport d'étape sera remis dans la première quinzaine de mai, le rapport définitif "
                "à l'automne, et les décisions seront prises au titre de l'exercice 2023.")
    assert [(f.due.date, f.due.precision) for f in find_all(sentence, REF)] == [
        (date(2022, 5, 15), Precision.MID_MONTH), (date(2022, 12, 20), Precision.SEASON),
        (date(2023, 12, 31), Precision.YEAR)]


@pytest.mark.parametrize("text", [
    "Le bilan de mars a été publié.",  # a month named, no deadline
    "La note de septembre reste valable.",
    "le rapport a été remis",  # "été" the verb, not the summer
    "M. Noël Martin assistera à la réunion.",  # a first name, not Christmas
    "The fall of the government",
    "Les chiffres 2023 sont connus.",  # a year named, no deadline
    "dans deux trois semaines",  # not a number
    "sous trente quinze jours",
])
def test_words_that_name_a_time_without_a_deadline_give_none(text):
    with pytest.raises(DateError) as error:
        parse_due(text, REF)
    assert error.value.code == "no_date"


@pytest.mark.parametrize("words, value", [
    ("quinze", 15), ("vingt et un", 21), ("trente-et-un", 31), ("soixante-dix", 70), ("soixante et onze", 71),
    ("quatre-vingts", 80), ("quatre-vingt-dix-sept", 97), ("cent quinze", 115), ("deux mille vingt-trois", 2023),
    ("twenty-one", 21), ("one hundred and five", 105),
    ("deux trois", None), ("trente quinze", None), ("dix onze", None), ("vingt vingt", None), ("quinze deux", None),
])
def test_numbers_in_words(words, value):
    from missiontui.core.dates.words import number_value

    assert number_value(words) == value


@pytest.mark.parametrize("sentence, past", [
    ("Comme je l'ai annoncé aujourd'hui devant la commission", True),
    ("L'exercice 2021 a été clos en déficit.", True),
    ("Lors de la réunion, nous sommes convenus d'un calendrier.", True),
    ("Nous nous sommes réunis le 3 mars.", True),
    ("Il y a eu une réunion le 3 mars.", True),
    ("Vous m'avez remis votre note.", True),
    ("Le rapport est attendu le 15 mai.", False),  # a passive present: arranged, not past
    ("La mission est chargée de proposer un calendrier.", False),
    ("Il y a lieu de remettre le rapport.", False),  # an idiom
    ("Cette question a trait au calendrier.", False),
    ("Le rapport sera remis à la rentrée.", False),  # "à", not the verb "a"
    ("Vous remettrez votre rapport le 15 mai.", False),
])
def test_a_sentence_told_in_the_past(sentence, past):
    from missiontui.core.dates.tense import told_in_the_past

    assert told_in_the_past(sentence) is past


@pytest.mark.parametrize("sentence, ref, reference, deadline", [
    ("Suite à notre entretien du 5 janvier, je vous demande de me transmettre votre analyse avant le 15 février.",
     date(2023, 1, 10), date(2023, 1, 5), date(2023, 2, 15)),
    # across the new year: the latest 28 December on or before 10 January 2023
    ("Faisant suite à notre échange du 28 décembre, je vous remercie de me faire parvenir vos propositions le "
     "28 février.", date(2023, 1, 10), date(2022, 12, 28), date(2023, 2, 28)),
    ("À la suite de la réunion du 2 décembre, le compte rendu est attendu le 9 janvier.",
     date(2022, 12, 5), date(2022, 12, 2), date(2023, 1, 9)),
    ("Comme convenu le 12 avril, la note de cadrage me sera remise le 20 mai.", REF, date(2022, 4, 12),
     date(2022, 5, 20)),
    ("Following our meeting on 3 November, please send the draft by 30 November.", date(2022, 11, 7),
     date(2022, 11, 3), date(2022, 11, 30)),
    ("Après notre échange du 28 octobre, merci d'envoyer la note avant le 15 novembre.", date(2022, 11, 7),
     date(2022, 10, 28), date(2022, 11, 15)),
    # a document received or sent bears its date: behind us, even when the same day comes back soon
    ("J'ai bien reçu votre note du 25 avril ; vos propositions sont attendues le 20 mai.", date(2022, 5, 16),
     date(2022, 4, 25), date(2022, 5, 20)),
    ("En réponse à votre courrier du 30 décembre, je vous demande de me remettre votre analyse fin février.",
     date(2023, 1, 10), date(2022, 12, 30), date(2023, 2, 28)),
    ("Nous avons reçu le 2 novembre votre demande, à laquelle il sera répondu le 30 novembre.", date(2022, 11, 7),
     date(2022, 11, 2), date(2022, 11, 30)),
    ("Thank you for your email of 19 April; please send the draft by 31 May.", REF, date(2022, 4, 19),
     date(2022, 5, 31)),
])
def test_a_sentence_with_a_past_reference_gives_its_deadline(sentence, ref, reference, deadline):
    """The meeting is behind us (never pushed a year ahead), and the date asked for is the deadline."""
    assert parse_due(sentence, ref).date == deadline
    first = find_all(sentence, ref)[0]
    assert first.due.date == reference and first.past and not first.deadline


@pytest.mark.parametrize("text, expected", [
    ("le 12 juillet dernier délai", date(2022, 7, 12)),
    ("pour le 12/07 dernier délai", date(2022, 7, 12)),
    ("mardi 3 mai, dernière limite", date(2022, 5, 3)),
    ("le 30 juin au plus tard", date(2022, 6, 30)),
    ("by 30 June at the latest", date(2022, 6, 30)),
])
def test_dernier_delai_says_the_deadline_again_not_the_past(text, expected):
    found = find_due(text, REF)
    assert found.due.date == expected and found.deadline and not found.past
    assert text.endswith(found.due.phrase) and found.due.phrase.endswith(text.split()[-1])  # its words
    assert find_due("le 12 juillet dernier", REF).past  # while "dernier" alone points back


@pytest.mark.parametrize("text, expected", [
    ("la loi de programmation militaire 2024-2030", None),
    ("Le plan 2018-2022 a été évalué.", None),
    ("Vous conduirez vos travaux sur la période 2024-2026.", None),
    ("le programme Horizon 2020", None),
    ("2024-2030", date(2030, 12, 31)),  # typed alone as a due date: a period means its last day
    ("la rédaction de la feuille de route opérationnelle 2018-2022", date(2022, 12, 31)),  # a roadmap to write
    ("Le projet sera livré à l'horizon 2026.", date(2026, 12, 31)),
])
def test_a_span_of_years_in_a_sentence_is_a_name_not_a_deadline(text, expected):
    if expected is None:
        with pytest.raises(DateError) as error:
            parse_due(text, REF)
        assert error.value.code == "no_date"
    else:
        assert parse_due(text, REF).date == expected


def test_ou_is_a_choice_but_ou_with_an_accent_is_where():
    assert parse_due("Le comité se réunira le 15 mai, où 12 dossiers seront examinés.", REF).date == date(2022, 5, 15)
    with pytest.raises(DateError) as error:
        parse_due("Le rapport sera présenté le 15 mai ou le 22 mai.", REF)
    assert error.value.text == "le 15 mai ou le 22 mai"


LETTER_WITH_TRAPS = """Paris, le 10 janvier 2023

Suite à notre entretien du 5 janvier, je vous confie une mission sur l'application de la loi de
programmation militaire 2024-2030. Vous me remettrez une note d'étape en mars ou en avril, et votre
rapport définitif au plus tard le 30 juin, dernier délai. Vous pourrez associer les services après l'été.
"""


def test_a_letter_sets_aside_a_law_s_years_a_choice_a_start_and_a_past_meeting():
    letter = find_in_letter(LETTER_WITH_TRAPS, None)
    assert [(f.due.date, f.due.phrase) for f in letter.deadlines] == [
        (date(2023, 6, 30), "au plus tard le 30 juin, dernier délai")]
    assert [f.due.date for f in letter.references] == [date(2023, 1, 5)]
    assert all(f.due.date.year not in (2024, 2030) for f in letter.found + letter.references)


@pytest.mark.parametrize("text, expected", [
    # "soit" once means "that is": the same deadline said twice, not a choice
    ("Le rapport est attendu dans deux mois, soit le 21 juin.", date(2022, 6, 21)),
    ("Vous pouvez soit me l'envoyer le 15 mai, soit me le remettre en main propre.", date(2022, 5, 15)),
    # a negation that asks for the thing by then is not an embargo
    ("N'hésitez pas à répondre avant le 15 mai.", date(2022, 5, 15)),
    ("N'oubliez pas de répondre avant le 15 mai.", date(2022, 5, 15)),
    ("Ne manquez pas de répondre avant le 15 mai.", date(2022, 5, 15)),
    ("Do not hesitate to reply before 15 May.", date(2022, 5, 15)),
    ("Don't forget to reply before 15 May.", date(2022, 5, 15)),
    # a time to act is counted from the letter, its receipt included
    ("Vous disposez de trois semaines pour nous répondre.", date(2022, 5, 12)),
    ("Vous disposez de trois semaines, à compter de la réception de la présente, pour nous répondre.",
     date(2022, 5, 12)),
    ("You have 30 days to reply.", date(2022, 5, 21)),
    ("dans le mois qui suit la réception de la présente", date(2022, 5, 21)),
    ("within 30 days of receiving this letter", date(2022, 5, 21)),
    ("dans le courant de septembre", date(2022, 9, 30)),
])
def test_the_near_misses_of_the_new_families_keep_their_deadline(text, expected):
    assert parse_due(text, REF).date == expected


@pytest.mark.parametrize("text", [
    "soit le 15 mai, soit le 22 mai",
    "Le comité se réunira soit en mai, soit en juin.",
])
def test_soit_twice_is_one_choice(text):
    with pytest.raises(DateError) as error:
        parse_due(text, REF)
    assert error.value.code == "alternative" and error.value.text.startswith("soit")


@pytest.mark.parametrize("text", ["Vous avez deux semaines de retard.", "You have three weeks of leave."])
def test_a_time_had_without_a_purpose_is_no_deadline(text):
    with pytest.raises(DateError) as error:
        parse_due(text, REF)
    assert error.value.code == "no_date"


LETTER_WITH_NEW_TRAPS = """Paris, le 16 mai 2022

J'ai bien reçu votre note du 2 mai. Vous disposez de trois semaines pour me faire part de vos
remarques. Le rapport définitif sera publié dans les deux mois qui suivent la réunion du comité ; il ne
sera pas diffusé avant le 1er juillet. La restitution aura lieu soit fin septembre, soit mi-octobre, et
le comité se réunira dans le courant de novembre.
"""


def test_a_letter_sets_aside_a_received_note_an_event_an_embargo_and_a_choice():
    letter = find_in_letter(LETTER_WITH_NEW_TRAPS, None)
    # 16 May + 21 days = 6 June; November 2022 ends on the 30th
    assert [(f.due.date, f.due.precision) for f in letter.deadlines] == [
        (date(2022, 6, 6), Precision.DAY), (date(2022, 11, 30), Precision.MONTH)]
    assert [f.due.date for f in letter.references] == [date(2022, 5, 2)]
    starts = [f for f in letter.found if not f.deadline and not f.past and f.due.date != letter.signed]
    assert [f.due.date for f in starts] == [date(2022, 7, 1)]
