"""moto_server as this project runs it locally: one request at a time, with two fixes for speed.

Started by local/start.ts (`python3 local/moto/moto_server.py -p PORT`). It serves moto's usual app on
127.0.0.1, with these differences from `moto_server`:

1. One request at a time. moto 5.2 is not safe under concurrent requests: a cancelled DynamoDB
   TransactWriteItems restores a snapshot of the table and so undoes writes made meanwhile by other
   requests, and two concurrent ReceiveMessage calls can hand out one FIFO message group twice. Real
   AWS does neither. Connections are still served by threads (reading and writing sockets in parallel,
   with keep-alive), but moto itself handles one request at a time under a lock. moto is CPU-bound
   Python under one GIL, so this costs little throughput. Consequence: a long poll would hold every
   other client up, so local pollers short-poll.
2. FIFO queues no longer slow down with their depth. Every message sent or received re-reads the
   queue's whole attribute map (6 passes over all messages, each reading the clock through datetime), so
   a send at 300 messages deep took 250 ms. Here the clock is read with time.time(), attribute names are
   converted once, and the message counts are computed in one pass, at most once per queue per request.
   Only these counts (ApproximateNumberOf...) can be stale, and only within a single request that both
   changes and reads them, which no SQS action does. A delete finds its message in one pass, not two.
   Routing a request no longer lists moto's modules from the file system or a handler's methods anew.
3. DynamoDB no longer slows down with the table's size. Before each TransactWriteItems moto deep-copies
   every table it touches (once per item of the transaction) to roll back on failure: here only the items
   the transaction touches are saved and put back when it fails, which is the same rollback. A Query of
   the table (not of an index) sorted every item of the table to then keep one partition: here it reads
   that partition only.
5. JSON answers of the busiest actions are written with json.dumps. moto writes every answer by walking
   botocore's shape model member by member, which took 80% of a small DynamoDB Query. For the item
   actions of DynamoDB, the message actions of SQS and PutEvents, when the client speaks JSON (the AWS
   SDK v3 does), the answer is dumped directly: members the shape does not have and absent ones left
   out, binary values base64-encoded, as the shape walk does. MOTO_CHECK_FAST_JSON=1 makes every such
   answer compare itself with moto's own and log any difference (run with the integration tests).
4. EventBridge no longer compiles its JSON paths for every event: moto built a parser for each of the
   8 paths of every event it delivered (about 120 ms per event); compiled paths are kept and reused.
"""

import argparse
import base64
import copy
import functools
import json
import logging
import os
import threading
import time

import jsonpath_ng.ext
import moto.backends as moto_backends
import moto.core.responses as core_responses
import moto.core.utils as core_utils
import moto.dynamodb.models as dynamodb_models
import moto.sqs.models as sqs_models
from moto.dynamodb.models.table import Table
from moto.sqs.exceptions import ReceiptHandleIsInvalid
from werkzeug.serving import run_simple
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

_request_number = 0


def fast_unix_time(dt=None):
    if dt is not None:
        return _original_unix_time(dt)
    return time.time()


def fast_unix_time_millis(dt=None):
    return fast_unix_time(dt) * 1000.0


_original_unix_time = core_utils.unix_time
for module in (core_utils, sqs_models):
    module.unix_time = fast_unix_time
    module.unix_time_millis = fast_unix_time_millis

# Listed from the file system on every request to route it to a service: the list does not change.
_moto_modules = tuple(moto_backends.list_of_moto_modules())
moto_backends.list_of_moto_modules = lambda: _moto_modules

# Lists a handler class's methods on every request: they do not change either.
core_responses.method_names_from_class = functools.lru_cache(maxsize=256)(core_utils.method_names_from_class)

# A pure function of a short string, called for every queue attribute on every message.
sqs_models.camelcase_to_underscores = functools.lru_cache(maxsize=1024)(core_utils.camelcase_to_underscores)


def _message_counts(queue):
    """(visible, delayed, not visible), counted in one pass and kept for the rest of the request."""
    cached = queue.__dict__.get("_counts")
    if cached and cached[0] == _request_number:
        return cached[1]
    now = time.time() * 1000.0
    visible = delayed = not_visible = 0
    for message in queue._messages:
        is_visible = now > message.visible_at
        is_delayed = now < message.delayed_until
        if is_visible and not is_delayed:
            visible += 1
        if is_delayed:
            delayed += 1
        if not is_visible:
            not_visible += 1
    counts = (visible, delayed, not_visible)
    queue.__dict__["_counts"] = (_request_number, counts)
    return counts


sqs_models.Queue.approximate_number_of_messages = property(lambda queue: _message_counts(queue)[0])
sqs_models.Queue.approximate_number_of_messages_delayed = property(lambda queue: _message_counts(queue)[1])
sqs_models.Queue.approximate_number_of_messages_not_visible = property(lambda queue: _message_counts(queue)[2])


class _CopyButNotTables:
    """moto.dynamodb.models' `copy`: whole tables are no longer copied; the rollback below replaces it."""

    def deepcopy(self, value, memo=None):
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)

    def __getattr__(self, name):
        return getattr(copy, name)


_original_transact_write_items = dynamodb_models.DynamoDBBackend.transact_write_items


def transact_write_items(backend, transact_items):
    saved = []
    for entry in transact_items:
        try:
            op_type, op = next(iter(entry.items()))
            table = backend.get_table(op["TableName"])
            hash_key, range_key = backend.get_keys_value(table, op["Item"] if op_type == "Put" else op["Key"])
        except Exception:
            continue  # an invalid entry: moto rejects the transaction before it writes anything
        saved.append((table, hash_key, range_key, copy.deepcopy(table.get_item(hash_key, range_key))))
    try:
        _original_transact_write_items(backend, transact_items)
    except Exception:
        for table, hash_key, range_key, item in reversed(saved):
            _put_back(table, hash_key, range_key, item)
        raise


def _put_back(table, hash_key, range_key, item):
    if range_key is None:
        if item is None:
            table.items.pop(hash_key, None)
        else:
            table.items[hash_key] = item
    elif item is None:
        table.items[hash_key].pop(range_key, None)
    else:
        table.items[hash_key][range_key] = item


dynamodb_models.copy = _CopyButNotTables()
dynamodb_models.DynamoDBBackend.transact_write_items = transact_write_items


def query_one_partition(table, hash_key, range_comparison, range_objs, *args, **kwargs):
    index_name = kwargs.get("index_name", args[4] if len(args) > 4 else None)
    if index_name is not None or hash_key is None:
        return _original_query(table, hash_key, range_comparison, range_objs, *args, **kwargs)
    # moto's query keeps the items of all_items() whose hash key matches, sorts them by range key, then
    # keeps those whose range key matches the comparison: give it those items only.
    partition = table.items.get(hash_key)
    if partition is None:
        only = []
    elif table.range_key_attr:
        only = list(partition.values())
        if range_comparison:
            only = [item for item in only if item.range_key.compare(range_comparison, range_objs)]
    else:
        only = [partition]
    table.all_items = lambda: only
    try:
        return _original_query(table, hash_key, range_comparison, range_objs, *args, **kwargs)
    finally:
        del table.all_items


_original_query = Table.query
Table.query = query_one_partition


def delete_message_in_one_pass(queue, receipt_handle):
    if receipt_handle in queue.deleted_messages:
        return  # deleting twice is fine, as in AWS
    for index, message in enumerate(queue._messages):
        if message.receipt_handle == receipt_handle or receipt_handle in message._old_receipt_handles:
            del queue._messages[index]
            queue.pending_messages.discard(message)
            queue.deleted_messages.update(message.all_receipt_handles)
            return
    raise ReceiptHandleIsInvalid()


sqs_models.Queue.delete_message = delete_message_in_one_pass


# A compiled path is immutable and reusable; moto imports `parse` from here at every event.
jsonpath_ng.ext.parse = functools.lru_cache(maxsize=256)(jsonpath_ng.ext.parse)


_FAST_JSON_ACTIONS = {
    "dynamodb": {
        "Query", "Scan", "GetItem", "PutItem", "UpdateItem", "DeleteItem",
        "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems",
    },
    "sqs": {
        "ReceiveMessage", "SendMessage", "SendMessageBatch", "DeleteMessageBatch",
        "ChangeMessageVisibilityBatch", "GetQueueAttributes", "GetQueueUrl",
    },
    "events": {"PutEvents"},
}
_CHECK_FAST_JSON = os.environ.get("MOTO_CHECK_FAST_JSON") == "1"


def _plain(value):
    """The JSON the shape walk would write: bytes base64-encoded, None members left out."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    return value


_original_serialized = core_responses.BaseResponse.serialized


@functools.lru_cache(maxsize=64)
def _output_members(service_name, action):
    """The members an answer may have: the shape walk leaves out anything else moto puts in it."""
    return frozenset(core_responses.get_service_model(service_name).operation_model(action).output_shape.members)


def serialized_fast(response, action_result):
    action = response._get_action()
    service = response.boto3_service_name
    plain_result = type(action_result).__name__ in ("ActionResult", "DynamoResult") and isinstance(action_result.result, dict)
    if not (plain_result and action in _FAST_JSON_ACTIONS.get(service, ())):
        return _original_serialized(response, action_result)
    if response.determine_response_protocol(core_responses.get_service_model(service)) != "json":
        return _original_serialized(response, action_result)
    members = _output_members(response.boto3_service_name, action)
    body = json.dumps(_plain({key: value for key, value in action_result.result.items() if key in members}))
    if _CHECK_FAST_JSON:
        status, headers, expected = _original_serialized(response, action_result)
        if json.loads(expected) != json.loads(body):
            logging.getLogger("moto_server").error("fast JSON differs for %s:\n%s\n%s", response._get_action(), expected, body)
            return status, headers, expected
    headers = {"Content-Type": "application/x-amz-json-1.1" if service == "events" else "application/x-amz-json-1.0"}
    headers.update(response.response_headers)
    return 200, headers, body


core_responses.BaseResponse.serialized = serialized_fast


def one_request_at_a_time(app):
    lock = threading.Lock()

    def wrapped(environ, start_response):
        global _request_number
        with lock:
            _request_number += 1
            return app(environ, start_response)

    return wrapped


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=5000)
    args = parser.parse_args()
    # One line per request costs time at hundreds of requests per second; errors are still logged.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(args.host, args.port, one_request_at_a_time(app), threaded=True)


if __name__ == "__main__":
    main()
