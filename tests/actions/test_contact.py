from actions.contact import ActionClinicContact
from actions.handoff import ActionHumanHandoff
from tests.actions.conftest import TEST_CLINIC, run, tracker


def test_contact_details_come_from_the_settings(clinic_file):
    [message], events = run(ActionClinicContact(), tracker())
    assert message["response"] == "utter_clinic_contact"
    for key in ("name", "phone", "email", "address", "hours"):
        assert message[key] == TEST_CLINIC[key]
    assert events == []


def test_handoff_gives_the_clinics_direct_lines(clinic_file):
    clinic_file(phone="+1 555 0199")
    [message], _ = run(ActionHumanHandoff(), tracker())
    assert message["response"] == "utter_handoff"
    assert message["phone"] == "+1 555 0199"
    assert message["email"] == TEST_CLINIC["email"]
