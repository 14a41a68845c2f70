from bot.server.channels.rate_limit import FORGET_AFTER_KEYS, SlidingWindow, VisitorLimits


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_may_send_its_limit_per_minute_and_more_as_the_minute_passes():
    clock = Clock()
    window = SlidingWindow(3, clock)
    for second in (0, 20, 40):
        clock.now = 1000 + second
        assert window.allow("a")
    assert not window.allow("a")  # three in the last minute
    assert window.allow("b")  # other keys are counted apart
    clock.now = 1059
    assert not window.allow("a")
    clock.now = 1060  # a minute after the first message, its place frees up
    assert window.allow("a")
    assert not window.allow("a")


def test_refused_messages_do_not_count():
    clock = Clock()
    window = SlidingWindow(1, clock)
    assert window.allow("a")
    for _ in range(5):
        clock.now += 10
        assert not window.allow("a")
    clock.now += 11
    assert window.allow("a")


def test_idle_keys_are_forgotten_once_there_are_many():
    clock = Clock()
    window = SlidingWindow(1, clock)
    for key in range(FORGET_AFTER_KEYS + 1):
        window.allow(str(key))
    clock.now += 61
    window.allow("new")
    assert list(window._sent) == ["new"]


def test_limits_per_conversation_and_per_address_come_from_credentials():
    clock = Clock()
    limits = VisitorLimits.from_credentials({"messages_per_minute_per_conversation": 2,
                                             "messages_per_minute_per_address": 3})
    limits = VisitorLimits(limits.by_conversation.per_minute, limits.by_address.per_minute, clock)
    assert [limits.allow("visitor-1", "10.0.0.1") for _ in range(3)] == [True, True, False]
    assert limits.allow("visitor-2", "10.0.0.1")
    assert not limits.allow("visitor-3", "10.0.0.1")  # the address has had its 3
    assert limits.allow("visitor-3", "10.0.0.2")
    assert VisitorLimits.from_credentials(None).by_conversation.per_minute == 20


def test_a_red_flag_is_never_held_back_by_the_limits():
    limits = VisitorLimits(per_conversation=1, per_address=100, clock=Clock())
    assert limits.allow("visitor", "127.0.0.1", "how many sessions?")
    assert not limits.allow("visitor", "127.0.0.1", "and what does it cost?")
    assert limits.allow("visitor", "127.0.0.1", "I can't feel my groin and I can't pee")
    assert not limits.allow("visitor", "127.0.0.1", "no fever, no numbness, just asking again")
