"""Rasa's Redis lock store, with each change to a lock made atomically.

Rasa 3.6's RedisLockStore reads a conversation's lock, changes it and writes it back in
three separate Redis calls. Two replicas taking tickets for one conversation at the same
moment can both read the same lock, so one ticket is lost: its message then waits the
lock's whole 60 s lifetime, or a lock is deleted while a message still waits on it and
two replicas answer the conversation at once. Here every read-change-write of a lock
is one Redis transaction (WATCH/MULTI/EXEC), retried when another replica got there
first. Configured in endpoints.production.yml as `type: bot.server.lock_store.AtomicRedisLockStore`.
"""
from __future__ import annotations

import json
from typing import Callable, Optional, Tuple, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")
# What a change returns: its result, and the lock to store (None: delete the lock).
Change = Callable[[Optional[TicketLock]], Tuple[T, Optional[TicketLock]]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def take_ticket(lock: Optional[TicketLock]) -> Tuple[int, TicketLock]:
            lock = lock or TicketLock(conversation_id)
            return lock.issue_ticket(lock_lifetime), lock

        try:
            return self._change(conversation_id, take_ticket)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        def drop_expired(lock: Optional[TicketLock]) -> Tuple[None, Optional[TicketLock]]:
            if lock:
                lock.remove_expired_tickets()
            return None, lock

        self._change(conversation_id, drop_expired)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Removes the ticket, and the lock with it when nobody else waits."""
        def give_back(lock: Optional[TicketLock]) -> Tuple[None, Optional[TicketLock]]:
            if lock:
                lock.remove_ticket_for(ticket_number)
            return None, lock if lock and lock.is_someone_waiting() else None

        self._change(conversation_id, give_back)

    def _change(self, conversation_id: str, change: Change) -> T:
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as transaction:
            while True:
                try:
                    transaction.watch(key)
                    stored = transaction.get(key)
                    result, lock = change(TicketLock.from_dict(json.loads(stored)) if stored else None)
                    transaction.multi()
                    if lock is None:
                        transaction.delete(key)
                    else:
                        transaction.set(key, lock.dumps())
                    transaction.execute()
                    return result
                except redis.WatchError:
                    continue  # another replica changed the lock first: read it again
