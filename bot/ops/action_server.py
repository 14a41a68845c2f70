"""The action server, started without Rasa: `python -m bot.ops.action_server --actions actions --port 5055`.

`rasa run actions` imports all of Rasa (TensorFlow, spaCy, …) only to start rasa_sdk's
server, which needs none of it; the actions import only rasa_sdk, requests and pydantic.
Phone numbers and emails are masked in its log lines, as in the Rasa server's (bot.privacy).
"""
from rasa_sdk.__main__ import main

from bot.privacy import mask_logs

if __name__ == "__main__":
    mask_logs()
    main()
