"""Drives the local durable-execution HTTP front with boto3 (botocore's Lambda model) and prints a JSON report.

Usage: python3 boto3_interop.py ENDPOINT_URL
Every call's response is parsed by botocore; typed exceptions prove the error shape. Exits non-zero on any surprise.
"""
import datetime
import json
import sys
import time

import boto3
from botocore.config import Config

endpoint = sys.argv[1]
client = boto3.client(
    "lambda",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="AKIDEXAMPLE",
    aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    config=Config(retries={"max_attempts": 1}),
)
report = {}


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def wait_for_callback(arn):
    for _ in range(400):
        events = client.get_durable_execution_history(DurableExecutionArn=arn, IncludeExecutionData=True)["Events"]
        for event in events:
            if event["EventType"] == "CallbackStarted":
                return event["CallbackStartedDetails"]["CallbackId"]
        time.sleep(0.05)
    raise AssertionError("no CallbackStarted event for " + arn)


def wait_until_closed(arn):
    for _ in range(400):
        execution = client.get_durable_execution(DurableExecutionArn=arn)
        if execution["Status"] != "RUNNING":
            return execution
        time.sleep(0.05)
    raise AssertionError("the execution never closed: " + arn)


def expect_error(kind, call, **kwargs):
    try:
        call(**kwargs)
    except getattr(client.exceptions, kind) as error:
        return error.response["Error"]["Code"]
    raise AssertionError("expected " + kind)


started = client.invoke(FunctionName="approval", InvocationType="Event", DurableExecutionName="py-1", Payload=b'"ok"')
check(started["StatusCode"] == 202, "Event invoke answers 202")
arn = started["DurableExecutionArn"]
report["arn"] = arn

callback_id = wait_for_callback(arn)
running = client.get_durable_execution(DurableExecutionArn=arn)
check(running["Status"] == "RUNNING", "running")
check(isinstance(running["StartTimestamp"], datetime.datetime), "StartTimestamp parses as a timestamp")
check(running["InputPayload"] == '"ok"', "input payload")

client.send_durable_execution_callback_heartbeat(CallbackId=callback_id)
client.send_durable_execution_callback_success(CallbackId=callback_id, Result=b'"yes"')
done = wait_until_closed(arn)
report["status"] = done["Status"]
report["result"] = done["Result"]
check(isinstance(done["EndTimestamp"], datetime.datetime), "EndTimestamp parses as a timestamp")

history = client.get_durable_execution_history(DurableExecutionArn=arn, IncludeExecutionData=True)
report["events"] = [e["EventType"] for e in history["Events"]]
check(all(isinstance(e["EventTimestamp"], datetime.datetime) for e in history["Events"]), "event timestamps parse")
check([e["EventId"] for e in history["Events"]] == list(range(1, len(history["Events"]) + 1)), "event IDs are sequential")
reverse = client.get_durable_execution_history(DurableExecutionArn=arn, MaxItems=3, ReverseOrder=True)
check(len(reverse["Events"]) == 3 and "NextMarker" in reverse, "history pages")
rest = client.get_durable_execution_history(DurableExecutionArn=arn, MaxItems=3, ReverseOrder=True, Marker=reverse["NextMarker"])
check(rest["Events"][0]["EventId"] == reverse["Events"][-1]["EventId"] - 1, "the next page continues")

listed = client.list_durable_executions_by_function(FunctionName="approval", Statuses=["SUCCEEDED"])
report["listed"] = [e["DurableExecutionArn"] for e in listed["DurableExecutions"]]

failing = client.invoke(FunctionName="approval", InvocationType="Event", Payload=b'"a"')["DurableExecutionArn"]
client.send_durable_execution_callback_failure(CallbackId=wait_for_callback(failing), Error={"ErrorType": "Rejected", "ErrorMessage": "no"})
report["failed_status"] = wait_until_closed(failing)["Status"]

stopping = client.invoke(FunctionName="approval", InvocationType="Event", Payload=b'"b"')["DurableExecutionArn"]
wait_for_callback(stopping)
stopped = client.stop_durable_execution(DurableExecutionArn=stopping, Error={"ErrorType": "Cancelled", "ErrorMessage": "enough"})
check(isinstance(stopped["StopTimestamp"], datetime.datetime), "StopTimestamp parses")
report["stopped"] = client.get_durable_execution(DurableExecutionArn=stopping)["Error"]["ErrorType"]

sync = client.invoke(FunctionName="echo", DurableExecutionName="py-sync", Payload=b'"hi"')
report["sync_status"] = sync["StatusCode"]
report["sync_payload"] = sync["Payload"].read().decode()
report["sync_version"] = sync["ExecutedVersion"]

report["errors"] = {
    "missing": expect_error("ResourceNotFoundException", client.get_durable_execution, DurableExecutionArn=arn + "0"),
    "duplicate": expect_error("DurableExecutionAlreadyStartedException", client.invoke, FunctionName="echo", DurableExecutionName="py-sync", Payload=b'"hi"'),
    "closed_callback": expect_error("CallbackTimeoutException", client.send_durable_execution_callback_success, CallbackId=callback_id, Result=b"1"),
    "stale_token": expect_error("InvalidParameterValueException", client.checkpoint_durable_execution, DurableExecutionArn=stopping, CheckpointToken="AAAA"),
    "state_token": expect_error("InvalidParameterValueException", client.get_durable_execution_state, DurableExecutionArn=failing, CheckpointToken="AAAA"),
    "stop_twice": expect_error("InvalidParameterValueException", client.stop_durable_execution, DurableExecutionArn=stopping),
}

print(json.dumps(report))
