# One image for the Rasa server and the action server, built from the same pinned lock
# as `make install` (docs/deployment.md). The model is trained while building, with the
# fixed seeds of config.yml, so every replica answers the same way.
# `make image` builds on a Debian base made from Debian's packages (deploy/image/base.sh):
# no image registry needed.
ARG BASE=python:3.11-slim-bookworm
FROM ${BASE}

ENV RASA_TELEMETRY_ENABLED=false \
    TF_CPP_MIN_LOG_LEVEL=2 \
    SQLALCHEMY_SILENCE_UBER_WARNING=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
RUN python3 -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# Rasa 3.6 declares Python <3.11 but runs on 3.11: install the resolved set as is.
COPY requirements/runtime.lock requirements/
# The build host's certificate authorities, for pip only (a proxy that inspects TLS has its
# own); nothing of them stays in the image. `make image` passes the system's bundle.
# multidict 5.2 (Rasa's pin) has no wheel for Python 3.11: a compiler, for this step only.
RUN --mount=type=secret,id=ca_bundle \
    apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends gcc libc6-dev python3-dev >/dev/null \
 && PIP_CERT=/run/secrets/ca_bundle pip install --no-deps --ignore-requires-python -r requirements/runtime.lock \
 && apt-get purge -y -qq --auto-remove gcc libc6-dev python3-dev >/dev/null \
 && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml config.yml domain.yml clinic.yml credentials.yml endpoints.yml endpoints.production.yml ./
COPY bot bot
COPY actions actions
COPY data data
RUN pip install --no-deps --no-build-isolation --editable . \
 && python -m bot.nlu.clinical_pipeline data/nlu/lookups/clinical_terms.yml build/spacy/en_clinic \
 && bot train \
 && rm -rf .rasa \
 && useradd --uid 10001 --no-create-home assistant \
 && chown -R assistant /app

USER assistant
EXPOSE 5005 5055
# The Rasa server; the action server is the same image with
#   python -m bot.ops.action_server --actions actions --port 5055
CMD ["python", "-m", "bot.server.rasa_server", "run", "--model", "models/clinic.tar.gz", \
     "--endpoints", "endpoints.production.yml", "--credentials", "credentials.yml", "--port", "5005"]
