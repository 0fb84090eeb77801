"""Plays a durable function's part with boto3: reads the execution state and checkpoints a step with the invocation's
token, as an SDK would, then checks that the spent token is refused. Prints a JSON report.

Usage: python3 boto3_function.py ENDPOINT_URL EXECUTION_ARN CHECKPOINT_TOKEN
"""
import datetime
import json
import sys

import boto3
from botocore.config import Config

endpoint, arn, token = sys.argv[1:4]
client = boto3.client(
    "lambda", endpoint_url=endpoint, region_name="us-east-1",
    aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    config=Config(retries={"max_attempts": 1}),
)

state = client.get_durable_execution_state(DurableExecutionArn=arn, CheckpointToken=token, MaxItems=1000)
execution = state["Operations"][0]
assert execution["Type"] == "EXECUTION" and isinstance(execution["StartTimestamp"], datetime.datetime), execution

answer = client.checkpoint_durable_execution(
    DurableExecutionArn=arn,
    CheckpointToken=token,
    Updates=[
        {"Id": "py-step", "Type": "STEP", "SubType": "Step", "Name": "boto3-step", "Action": "START"},
        {"Id": "py-step", "Type": "STEP", "Action": "SUCCEED", "Payload": '"from boto3"'},
    ],
)
step = next(o for o in answer["NewExecutionState"]["Operations"] if o["Id"] == "py-step")
assert isinstance(step["EndTimestamp"], datetime.datetime), step

try:
    client.checkpoint_durable_execution(DurableExecutionArn=arn, CheckpointToken=token, Updates=[])
    stale = "accepted"
except client.exceptions.InvalidParameterValueException as error:
    stale = error.response["Error"]["Message"]

print(json.dumps({
    "input": execution["ExecutionDetails"]["InputPayload"],
    "step_status": step["Status"],
    "step_result": step["StepDetails"]["Result"],
    "attempt": step["StepDetails"]["Attempt"],
    "new_token": bool(answer.get("CheckpointToken")) and answer["CheckpointToken"] != token,
    "stale": stale,
}))
