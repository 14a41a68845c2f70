"""Rasa's graph runner, with the order of each graph worked out once instead of at every run.

Rasa runs a model's graphs (the NLU pipeline for each message, the policies for each
next action) with Dask's synchronous scheduler, which builds and orders the graph
afresh every time: about half of each policy prediction went there. The nodes run one
after another either way. Here the order for a set of targets is worked out the first
time, and each node gets its parents' results as Dask would have passed them.

The project's processor (bot/server/agent.py) loads models with this runner.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphNode
from rasa.engine.runner.dask import DaskGraphRunner

Step = Tuple[Text, GraphNode, Tuple[Text, ...]]


class OrderedGraphRunner(DaskGraphRunner):
    """DaskGraphRunner, with each node run once, in an order worked out once per set of targets."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._orders: Dict[Tuple[Text, ...], List[Step]] = {}

    def execution_order(self, targets: Tuple[Text, ...]) -> List[Step]:
        """The nodes the targets need, each after its parents, with the names of its parents."""
        if targets not in self._orders:
            schema = self._graph_schema.minimal_graph_schema(list(targets))
            order: List[Text] = []

            def visit(name: Text) -> None:
                if name in schema.nodes and name not in order:
                    for parent in schema.nodes[name].needs.values():
                        visit(parent)
                    order.append(name)

            for target in targets:
                visit(target)
            self._orders[targets] = [(name, self._instantiated_nodes[name], tuple(schema.nodes[name].needs.values()))
                                     for name in order]
        return self._orders[targets]

    def run(self, inputs: Optional[Dict[Text, Any]] = None,
            targets: Optional[Sequence[Text]] = None) -> Dict[Text, Any]:
        """DaskGraphRunner.run: each node once, in order, on its parents' outputs."""
        run_targets = tuple(targets or self._graph_schema.target_names)
        outputs = {name: (name, value) for name, value in (inputs or {}).items()}  # as Dask passes inputs
        try:
            for name, node, parents in self.execution_order(run_targets):
                outputs[name] = node(*(outputs[parent] for parent in parents))
        except RuntimeError as error:  # what Rasa's runner turns into its own error
            raise GraphRunError("Error running runner.") from error
        return dict(outputs[target] for target in run_targets)
