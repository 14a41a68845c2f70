"""The Kubernetes manifests against Kubernetes' own API schemas, offline (kubernetes-validate:
no cluster is reachable from here for a `kubectl --dry-run`)."""
from __future__ import annotations

import kubernetes_validate
import pytest
import yaml

from tests.conftest import ROOT

MANIFESTS = ROOT / "deploy" / "kubernetes" / "assistant.yaml"
KUBERNETES_VERSION = "1.28.0"  # the newest whose schemas kubernetes-validate 1.28 carries


@pytest.mark.parametrize("resource", list(yaml.safe_load_all(MANIFESTS.read_text())),
                         ids=lambda resource: f"{resource['kind']}/{resource['metadata']['name']}")
def test_each_manifest_is_valid_with_no_unknown_field(resource):
    kubernetes_validate.validate(resource, KUBERNETES_VERSION, strict=True)


def test_the_servers_run_the_commands_the_image_has():
    """The Deployments start the servers the way bot.ops.serve does."""
    commands = {resource["metadata"]["name"]: resource["spec"]["template"]["spec"]["containers"][0]["args"]
                for resource in yaml.safe_load_all(MANIFESTS.read_text()) if resource["kind"] == "Deployment"}
    assert commands["assistant-actions"][:3] == ["python", "-m", "bot.ops.action_server"]
    assert commands["assistant-rasa"][:4] == ["python", "-m", "bot.server.rasa_server", "run"]
