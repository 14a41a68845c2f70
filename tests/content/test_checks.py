from bot.staff.content.checks import Problem, run_checks, unconfirmed_answers
from bot.staff.content.topics import FaqContent


def messages(project):
    return [str(problem) for problem in run_checks(project, rasa_validate=False)]


def append(path, text):
    path.write_text(path.read_text() + text)


def test_the_project_passes():
    from tests.conftest import ROOT
    assert run_checks(ROOT, rasa_validate=False) == []


def test_invalid_yaml_names_the_file_and_line(project):
    path = project / "data/faq/safety.yml"
    lines = path.read_text().splitlines()
    lines[4] = "  examples: [unclosed"
    path.write_text("\n".join(lines) + "\n")
    [problem] = run_checks(project, rasa_validate=False)
    assert problem.path == "data/faq/safety.yml" and problem.line is not None
    assert "invalid YAML" in problem.message


def test_a_question_under_two_topics(project):
    append(project / "data/faq/safety.yml", "    - What qualifications do your acupuncturists have?\n")
    [problem] = messages(project)
    assert problem.startswith("data/faq/safety.yml:")
    assert "is an example of both faq/practitioners and faq/safety" in problem


def test_near_duplicates_across_topics(project):
    append(project / "data/faq/safety.yml", "    - what qualifications do your acupuncturist have\n")
    [problem] = messages(project)
    assert "data/faq/safety.yml:" in problem and "nearly the same as" in problem


def test_a_new_topic_with_too_few_examples(project):
    FaqContent(project).add_topic("dry_needling", "What is dry needling?", "An answer.", ["004: a fact"])
    assert messages(project) == [
        "data/faq/dry_needling.yml: topic 'dry_needling' has 1 example questions; "
        "give it at least 10, worded the ways visitors ask"]


def test_topics_and_answers_must_come_in_pairs(project):
    path = project / "data/faq/practitioners.yml"
    path.write_text(path.read_text().split("nlu:\n")[0])
    (project / "data/faq/spare.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: faq/spare\n  examples: |\n'
        + "".join(f"    - spare question number {n}\n" for n in range(12)))
    found = messages(project)
    assert "data/faq/practitioners.yml: topic 'practitioners' has an answer but no example questions" in found
    assert "data/faq/spare.yml: topic 'spare' has no answer utter_faq/spare" in found


def test_answers_too_long_with_bad_links_or_sources(project):
    path = project / "data/faq/acupuncture_for_back_pain.yml"
    text = path.read_text()
    text = text.replace("It may. Clinics report that acupuncture can ease back pain,",
                        "See htp//example.com and " + "very " * 100, 1)
    text = text.replace('- "004: acupuncture can help relieve back pain"', '- "from a website"', 1)
    path.write_text(text)
    found = messages(project)
    assert any("utter_faq/acupuncture_for_back_pain: is" in m and "characters" in m for m in found)
    assert any("source 'from a website' should be" in m for m in found)
    path.write_text(path.read_text().replace("See htp//example.com and " + "very " * 100, "See www.example and "))
    assert any("'www.example' is not a complete web address" in m for m in messages(project))


def test_a_broken_booking_link_in_clinic_settings(project):
    path = project / "clinic.yml"
    path.write_text(path.read_text().replace("https://example.com/book-online", "example dot com"))
    [problem] = messages(project)
    assert problem.startswith("clinic.yml: invalid clinic settings") and "booking_url" in problem


def test_problems_print_with_file_and_line():
    assert str(Problem("a.yml", 3, "bad")) == "a.yml:3: bad"
    assert str(Problem("a.yml", None, "bad")) == "a.yml: bad"


def test_answers_for_the_clinic_to_confirm_are_listed_until_it_does(project):
    assert unconfirmed_answers(project) == ["after_treatment", "does_it_hurt", "needles"]
    clinic = project / "clinic.yml"
    clinic.write_text(clinic.read_text().replace("confirmed_answers: []", "confirmed_answers: [needles, does_it_hurt]"))
    assert unconfirmed_answers(project) == ["after_treatment"]


def test_an_answer_may_only_fill_in_what_the_clinic_can_set(project):
    path = project / "data" / "faq" / "prices.yml"
    path.write_text(path.read_text().replace("{prices}", "{price_list}", 1))
    found = [p.message for p in run_checks(project, rasa_validate=False)]
    assert any("{price_list} is not a clinic detail" in m for m in found)


def test_the_first_answer_is_the_one_without_a_condition(project):
    path = project / "data" / "faq" / "free_consultation.yml"
    text = path.read_text()
    first = text.index("  - text:")
    conditional = text.index("  - condition:")
    second_end = text.index("  - condition:", conditional + 1)
    path.write_text(text[:first] + text[conditional:second_end] + text[first:conditional] + text[second_end:])
    found = [p.message for p in run_checks(project, rasa_validate=False)]
    assert any("the first answer is given when no condition applies" in m for m in found)
