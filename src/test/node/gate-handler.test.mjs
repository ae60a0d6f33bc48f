// Unit tests of the MigrationGate handler (node --test). Only the AWS SDK clients are mocked:
// plain objects with the SDK v3 aggregated-client methods the handler calls.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { onEvent, isComplete, changedTriggers, truncateMiddle, MAX_REASON, jsonBytes, gateError, awsClients,
  SDK_CONFIG } from '../../main/resources/dev/migratefirst/migration/gate-handler/index.mjs';

const SM = 'arn:aws:states:eu-west-1:111122223333:stateMachine:MigrationWorkflow';
const EXEC = 'arn:aws:states:eu-west-1:111122223333:execution:MigrationWorkflow:cfn-req-1';
const STACK = 'arn:aws:cloudformation:eu-west-1:111122223333:stack/App/abc';

function props(over = {}) {
  return {
    ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:provider',
    StateMachineArn: SM,
    Fingerprint: 'fp-1',
    Image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/cdk-assets:abc',
    Environment: { MIGRATIONS_LOCATION: 'filesystem:/app/migrations' },
    WaitSeconds: '2700',
    ...over,
  };
}

function event(requestType, over = {}) {
  return {
    RequestType: requestType,
    RequestId: 'req-1',
    StackId: STACK,
    LogicalResourceId: 'MigrationGate',
    ResourceType: 'Custom::MigrationGate',
    ResourceProperties: props(),
    ...over,
  };
}

/** Records every SDK call; each method answers from `answers` (a value, or a function). */
function fakeClients(answers = {}) {
  const calls = [];
  const method = (name) => async (params) => {
    calls.push({ name, params });
    const a = answers[name];
    if (a instanceof Error) {
      throw a;
    }
    return typeof a === 'function' ? a(params) : a;
  };
  return {
    calls,
    sfn: {
      startExecution: method('startExecution'),
      describeExecution: method('describeExecution'),
      stopExecution: method('stopExecution'),
    },
    cloudFormation: { describeStacks: method('describeStacks') },
  };
}

function awsError(name, message) {
  const e = new Error(message);
  e.name = name;
  return e;
}

const stackIs = (status) => ({ Stacks: [{ StackId: STACK, StackStatus: status }] });

describe('onEvent', () => {
  test('create starts one execution with a request-derived name and returns its ARN', async () => {
    const c = fakeClients({ startExecution: { executionArn: EXEC } });
    const out = await onEvent(event('Create'), c);
    assert.equal(c.calls.length, 1);
    assert.equal(c.calls[0].name, 'startExecution');
    assert.equal(c.calls[0].params.stateMachineArn, SM);
    assert.equal(c.calls[0].params.name, 'cfn-req-1');
    const input = JSON.parse(c.calls[0].params.input);
    assert.equal(input.trigger, 'cloudformation');
    assert.equal(input.fingerprint, 'fp-1');
    assert.equal(input.command, undefined, 'the gate runs the task command (migrate), never an override');
    assert.equal(out.Data.ExecutionArn, EXEC);
    assert.equal(out.Data.Ran, 'true');
    assert.equal(out.PhysicalResourceId, 'MigrationGate-migration-gate');
  });

  test('update with the same fingerprint does not run and keeps the physical id', async () => {
    const c = fakeClients({ describeStacks: stackIs('UPDATE_IN_PROGRESS') });
    const out = await onEvent(event('Update', {
      PhysicalResourceId: 'pid-1',
      OldResourceProperties: props({ WaitSeconds: '600', StateMachineArn: `${SM}-old` }),
    }), c);
    assert.deepEqual(c.calls.map((x) => x.name), ['describeStacks']);
    assert.equal(out.PhysicalResourceId, 'pid-1');
    assert.equal(out.Data.Ran, 'false');
    assert.match(out.Data.Skipped, /fingerprint unchanged/);
  });

  test('update with a new fingerprint starts an execution', async () => {
    const c = fakeClients({ describeStacks: stackIs('UPDATE_IN_PROGRESS'), startExecution: { executionArn: EXEC } });
    const out = await onEvent(event('Update', {
      PhysicalResourceId: 'pid-1',
      OldResourceProperties: props({ Fingerprint: 'fp-0' }),
    }), c);
    assert.deepEqual(c.calls.map((x) => x.name), ['describeStacks', 'startExecution']);
    assert.equal(out.PhysicalResourceId, 'pid-1');
    assert.equal(out.Data.ExecutionArn, EXEC);
    assert.match(out.Data.StartedBecause, /Fingerprint/);
  });

  test('update with a new image or new runner environment starts an execution', async () => {
    for (const old of [props({ Image: 'old:tag' }), props({ Environment: { MIGRATIONS_LOCATION: 'x' } })]) {
      const c = fakeClients({ describeStacks: stackIs('UPDATE_IN_PROGRESS'), startExecution: { executionArn: EXEC } });
      const out = await onEvent(event('Update', { PhysicalResourceId: 'pid-1', OldResourceProperties: old }), c);
      assert.equal(out.Data.Ran, 'true');
    }
  });

  test('delete does nothing, not even a stack lookup', async () => {
    const c = fakeClients();
    const out = await onEvent(event('Delete', { PhysicalResourceId: 'pid-1' }), c);
    assert.equal(c.calls.length, 0);
    assert.equal(out.PhysicalResourceId, 'pid-1');
    assert.equal(out.Data.Ran, 'false');
  });

  test('update during UPDATE_ROLLBACK does nothing even though the fingerprint changed', async () => {
    for (const status of ['UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS']) {
      const c = fakeClients({ describeStacks: stackIs(status) });
      const out = await onEvent(event('Update', {
        PhysicalResourceId: 'pid-1',
        OldResourceProperties: props({ Fingerprint: 'fp-2' }),
      }), c);
      assert.deepEqual(c.calls.map((x) => x.name), ['describeStacks']);
      assert.equal(c.calls[0].params.StackName, STACK);
      assert.equal(out.Data.Ran, 'false');
      assert.match(out.Data.Skipped, new RegExp(status));
    }
  });

  test('failure to start: the error names the state machine and the SDK error', async () => {
    const c = fakeClients({ startExecution: awsError('StateMachineDoesNotExist', 'State Machine Does Not Exist') });
    await assert.rejects(onEvent(event('Create'), c),
      (e) => e.message.includes('could not start the migration workflow')
        && e.message.includes(SM) && e.message.includes('StateMachineDoesNotExist'));
  });

  test('unreadable stack status fails the update instead of guessing', async () => {
    const c = fakeClients({ describeStacks: awsError('AccessDenied', 'not allowed') });
    await assert.rejects(onEvent(event('Update', { PhysicalResourceId: 'p', OldResourceProperties: props({ Fingerprint: 'x' }) }), c),
      /cannot read the status of stack/);
    assert.equal(c.calls.filter((x) => x.name === 'startExecution').length, 0);
  });
});

describe('backfill trigger (Command, Wait false)', () => {
  const backfill = (over = {}) => props({ Command: ['backfill'], Wait: 'false', Image: undefined,
    Environment: undefined, WaitSeconds: undefined, ...over });

  test('create starts the workflow with the command override and does not wait for it', async () => {
    const c = fakeClients({ startExecution: { executionArn: EXEC } });
    const out = await onEvent(event('Create', { LogicalResourceId: 'Backfill', ResourceProperties: backfill() }), c);
    assert.deepEqual(c.calls.map((x) => x.name), ['startExecution']);
    assert.deepEqual(JSON.parse(c.calls[0].params.input).command, ['backfill']);
    assert.equal(out.Data.ExecutionArn, undefined, 'no ExecutionArn: the Provider does not poll it');
    assert.equal(out.Data.StartedExecutionArn, EXEC);
    const done = await isComplete({ ...event('Create'), ResourceProperties: backfill(), Data: out.Data }, c);
    assert.deepEqual(done, { IsComplete: true });
    assert.equal(c.calls.length, 1, 'isComplete made no call');
  });

  test('update runs again only when the fingerprint (migrations folder, D files included) changed', async () => {
    const same = fakeClients({ describeStacks: stackIs('UPDATE_IN_PROGRESS') });
    const skipped = await onEvent(event('Update', { PhysicalResourceId: 'pid-b', ResourceProperties: backfill(),
      OldResourceProperties: backfill() }), same);
    assert.equal(skipped.Data.Ran, 'false');
    assert.deepEqual(same.calls.map((x) => x.name), ['describeStacks']);
    const changed = fakeClients({ describeStacks: stackIs('UPDATE_IN_PROGRESS'), startExecution: { executionArn: EXEC } });
    const ran = await onEvent(event('Update', { PhysicalResourceId: 'pid-b', ResourceProperties: backfill(),
      OldResourceProperties: backfill({ Fingerprint: 'fp-0' }) }), changed);
    assert.equal(ran.Data.StartedExecutionArn, EXEC);
    assert.deepEqual(JSON.parse(changed.calls[1].params.input).command, ['backfill']);
  });

  test('no backfill during an update rollback, none on delete', async () => {
    const c = fakeClients({ describeStacks: stackIs('UPDATE_ROLLBACK_IN_PROGRESS') });
    const out = await onEvent(event('Update', { PhysicalResourceId: 'pid-b', ResourceProperties: backfill(),
      OldResourceProperties: backfill({ Fingerprint: 'fp-0' }) }), c);
    assert.equal(out.Data.Ran, 'false');
    const d = fakeClients();
    assert.equal((await onEvent(event('Delete', { ResourceProperties: backfill() }), d)).Data.Ran, 'false');
    assert.equal(d.calls.length, 0);
  });
});

describe('isComplete', () => {
  const started = { Data: { Ran: 'true', ExecutionArn: EXEC } };
  const t0 = Date.parse('2026-11-25T10:00:00Z');

  test('nothing started (delete, unchanged update, rollback): complete at once without a call', async () => {
    const c = fakeClients();
    assert.deepEqual(await isComplete(event('Delete', { Data: { Ran: 'false' } }), c), { IsComplete: true });
    assert.equal(c.calls.length, 0);
  });

  test('running within the bound: not complete yet', async () => {
    const c = fakeClients({ describeExecution: { status: 'RUNNING', startDate: new Date(t0) } });
    const out = await isComplete(event('Create', started), c, () => t0 + 60_000);
    assert.deepEqual(out, { IsComplete: false });
    assert.equal(c.calls[0].params.executionArn, EXEC);
  });

  test('succeeded: complete', async () => {
    const c = fakeClients({ describeExecution: { status: 'SUCCEEDED', startDate: new Date(t0) } });
    assert.deepEqual(await isComplete(event('Create', started), c), { IsComplete: true });
  });

  test('workflow failure: the error carries the workflow cause (exit code and log lines)', async () => {
    const cause = 'migration task exited with code 1 (Essential container in task exited)\n'
      + 'ERROR: column "profile_picture" of relation "users" already exists';
    const c = fakeClients({ describeExecution: { status: 'FAILED', error: 'MigrationFailed', cause, startDate: new Date(t0) } });
    await assert.rejects(isComplete(event('Update', started), c), (e) => {
      assert.match(e.message, /^migrations failed \(FAILED, MigrationFailed\)/);
      assert.ok(e.message.includes('exited with code 1'));
      assert.ok(e.message.includes('profile_picture'));
      assert.ok(e.message.includes(EXEC));
      return true;
    });
  });

  test('workflow timeout (the workflow own timeout): reported with its status', async () => {
    const c = fakeClients({ describeExecution: { status: 'TIMED_OUT', startDate: new Date(t0) } });
    await assert.rejects(isComplete(event('Create', started), c), /migrations failed \(TIMED_OUT, TIMED_OUT\)/);
  });

  test('gate wait bound reached: stops the execution and fails with the bound', async () => {
    const c = fakeClients({ describeExecution: { status: 'RUNNING', startDate: new Date(t0) }, stopExecution: {} });
    await assert.rejects(isComplete(event('Create', started), c, () => t0 + 2700_000),
      /did not finish within 2700 s .*execution was stopped/s);
    const stop = c.calls.find((x) => x.name === 'stopExecution');
    assert.ok(stop, 'StopExecution was called');
    assert.equal(stop.params.executionArn, EXEC);
    assert.equal(stop.params.error, 'MigrationGate.Timeout');
  });

  test('gate wait bound reached and stop fails: still fails with the bound', async () => {
    const c = fakeClients({ describeExecution: { status: 'RUNNING', startDate: new Date(t0) }, stopExecution: awsError('Throttling', 'slow down') });
    await assert.rejects(isComplete(event('Create', started), c, () => t0 + 3000_000), /did not finish within 2700 s/);
  });

  test('a transient DescribeExecution error is retried at the next poll, not a failed deploy', async () => {
    const c = fakeClients({ describeExecution: awsError('ThrottlingException', 'Rate exceeded') });
    assert.deepEqual(await isComplete(event('Create', started), c), { IsComplete: false });
    assert.equal(c.calls.filter((x) => x.name === 'stopExecution').length, 0);
  });

  test('a permanent DescribeExecution error fails with the execution named', async () => {
    const c = fakeClients({ describeExecution: awsError('ExecutionDoesNotExist', 'Execution Does Not Exist') });
    await assert.rejects(isComplete(event('Create', started), c), (e) => e.message.includes(EXEC)
      && e.message.includes('ExecutionDoesNotExist'));
  });

  test('the reason CloudFormation gets fits its 4 KiB response, once, even for a huge multi-byte cause', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => `ERROR: Zeile ${i}: Spalte "profil_bild" existiert bereits — ü ß`);
    const cause = `the migration task exited with code 1\n${lines.join('\n')}`;
    const c = fakeClients({ describeExecution: { status: 'FAILED', error: 'MigrationFailed', cause, startDate: new Date(t0) } });
    let thrown;
    try {
      await isComplete(event('Update', started), c);
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown, 'isComplete failed');
    // What the Lambda runtime sends back and how the Provider framework turns it into the reason.
    const payload = { errorType: thrown.name, errorMessage: thrown.message, trace: thrown.stack.split('\n') };
    const reason = [payload.errorMessage, '', 'Logs: /aws/lambda/MigrateFirstService-MigrationGateIsComplete-AbCdEf123456', '',
      ...payload.trace.slice(1)].join('\n');
    assert.equal(reason.split('exited with code 1').length, 2, 'the cause appears once');
    assert.ok(reason.includes('Zeile 399'), 'the last log line survives');
    const response = JSON.stringify({
      Status: 'FAILED', Reason: reason, StackId: STACK, RequestId: '6f0c1c1e-3b1a-4d8e-9d0e-2c5b7a9e1f00',
      PhysicalResourceId: 'MigrationGate-migration-gate', LogicalResourceId: 'MigrationGateResource1234ABCD',
      Data: { Ran: 'true', ExecutionArn: EXEC, StartedBecause: 'changed: Fingerprint, Image, Environment' },
    });
    assert.ok(Buffer.byteLength(response, 'utf8') < 4096, `response is ${Buffer.byteLength(response, 'utf8')} bytes`);
  });

  test('aborted execution (someone stopped it): fails', async () => {
    const c = fakeClients({ describeExecution: { status: 'ABORTED', error: 'States.Aborted', startDate: new Date(t0) } });
    await assert.rejects(isComplete(event('Create', started), c), /ABORTED/);
  });
});

describe('helpers', () => {
  test('trigger comparison ignores key order and non-trigger properties', () => {
    assert.deepEqual(changedTriggers(
      { Fingerprint: 'a', Environment: { A: '1', B: '2' }, WaitSeconds: '1' },
      { Fingerprint: 'a', Environment: { B: '2', A: '1' }, WaitSeconds: '2' }), []);
    assert.deepEqual(changedTriggers({ Fingerprint: 'a' }, { Fingerprint: 'b' }), ['Fingerprint']);
  });

  test('a long cause keeps its start and its last lines within the reason bound (JSON-encoded bytes)', () => {
    const long = `exit code 1\n${'ü'.repeat(10_000)}\nLAST LINE`;
    const out = truncateMiddle(long);
    assert.ok(jsonBytes(out) <= MAX_REASON);
    assert.ok(out.startsWith('exit code 1'));
    assert.ok(out.endsWith('LAST LINE'));
  });
});

/** The body the Provider framework PUTs to CloudFormation for a failed isComplete, with the longest ids. */
function worstCaseResponse(thrown) {
  const payload = { errorType: thrown.name, errorMessage: thrown.message, trace: thrown.stack.split('\n') };
  const reason = [payload.errorMessage, '', `Logs: /aws/lambda/${'F'.repeat(64)}`, '', ...payload.trace.slice(1)].join('\n');
  const logicalId = 'L'.repeat(255);
  return JSON.stringify({
    Status: 'FAILED', Reason: reason,
    StackId: `arn:aws-us-gov:cloudformation:us-gov-west-1:111122223333:stack/${'S'.repeat(128)}/6f0c1c1e-3b1a-4d8e-9d0e-2c5b7a9e1f00`,
    RequestId: '6f0c1c1e-3b1a-4d8e-9d0e-2c5b7a9e1f00',
    PhysicalResourceId: `${logicalId}-migration-gate`, LogicalResourceId: logicalId, NoEcho: false,
    Data: { Ran: 'true', ExecutionArn: `${EXEC}${'x'.repeat(80)}`, StartedBecause: 'changed: Fingerprint, Image, Environment' },
  });
}

describe('reason size and log groups', () => {
  const t0 = Date.parse('2026-11-25T10:00:00Z');
  const started = { PhysicalResourceId: 'MigrationGate-migration-gate', Data: { ExecutionArn: EXEC } };
  const LOGS = 'runner MigrateFirstService-MigrationTaskLogGroupA1B2C3-xyz (streams migration/Runner/<task id>), '
    + 'workflow /aws/vendedlogs/states/MigrateFirstService-MigrationWorkflow-Executions, gate '
    + 'MigrateFirstService-MigrationGateOnEventLogs-abc and MigrateFirstService-MigrationGateIsCompleteLogs-def, '
    + 'provider framework MigrateFirstService-MigrationGateProviderLogs-ghi';

  // Each line is far longer once JSON-encoded than in UTF-8: quotes, backslashes, newlines, ANSI colours,
  // control characters, multi-byte text and emoji (surrogate pairs).
  const nasty = Array.from({ length: 300 }, (_, i) => `\u001b[31mERROR\u001b[0m: "C:\\path\\to\\V${i}.sql"\t`
    + `Spalte "bild" existiert — ü ß 表 😀 \u0001\r\n\\"`).join('\n');

  test('a cause of quotes, backslashes, newlines, ANSI codes and multi-byte text keeps the response within 4096 bytes', async () => {
    const previous = process.env.MIGRATION_GATE_LOGS;
    process.env.MIGRATION_GATE_LOGS = LOGS;
    try {
      const cause = `the migration task exited with code 1\n${nasty}\nLAST LINE "done"`;
      const c = fakeClients({ describeExecution: { status: 'FAILED', error: 'MigrationFailed', cause, startDate: new Date(t0) } });
      const thrown = await isComplete(event('Update', started), c).then(() => null, (e) => e);
      assert.ok(thrown, 'isComplete failed');
      const body = worstCaseResponse(thrown);
      assert.ok(Buffer.byteLength(body, 'utf8') <= 4096, `response is ${Buffer.byteLength(body, 'utf8')} bytes`);
      const reason = JSON.parse(body).Reason;
      assert.ok(reason.startsWith('migrations failed (FAILED, MigrationFailed): the migration task exited with code 1'));
      assert.ok(reason.includes('LAST LINE "done"'), 'the last log line survives');
      assert.ok(!reason.includes('\u001b'), 'no ANSI escape codes');
      assert.ok(reason.includes(`Logs: ${LOGS}`), 'the real log groups are named');
      assert.ok(!/\uD83D(?![\uDE00-\uDEFF])/.test(reason), 'no surrogate pair was cut');
    } finally {
      if (previous === undefined) {
        delete process.env.MIGRATION_GATE_LOGS;
      } else {
        process.env.MIGRATION_GATE_LOGS = previous;
      }
    }
  });

  test('every cut of the nasty text stays within the JSON-encoded bound', () => {
    for (const max of [50, 333, 1000, MAX_REASON]) {
      const out = truncateMiddle(nasty, max);
      assert.ok(jsonBytes(out) <= max, `${jsonBytes(out)} > ${max}`);
      assert.ok(out.length > 0);
    }
  });

  test('the failure reason names the log groups of the runner, the workflow and the gate', () => {
    const e = gateError('migrations failed', { MIGRATION_GATE_LOGS: LOGS });
    assert.equal(e.message, `migrations failed\nLogs: ${LOGS}`);
    assert.equal(gateError('migrations failed', {}).message, 'migrations failed');
  });
});

describe('throttling and cancellation', () => {
  const t0 = Date.parse('2026-11-25T10:00:00Z');
  const started = { PhysicalResourceId: 'MigrationGate-migration-gate', Data: { ExecutionArn: EXEC } };

  test('the SDK clients retry in adaptive mode', async () => {
    const made = [];
    const fake = (name) => class {
      constructor(config) {
        made.push({ name, config });
      }
    };
    await awsClients(async (m) => (m.endsWith('sfn') ? { SFN: fake('sfn') } : { CloudFormation: fake('cfn') }));
    assert.deepEqual(made.map((x) => x.name).sort(), ['cfn', 'sfn']);
    for (const { config } of made) {
      assert.equal(config.retryMode, 'adaptive');
      assert.ok(config.maxAttempts >= 3);
    }
    assert.equal(SDK_CONFIG.retryMode, 'adaptive');
  });

  test('a DescribeExecution still throttled after the SDK retries is "not yet", never a failure', async () => {
    for (const name of ['ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded']) {
      const c = fakeClients({ describeExecution: awsError(name, 'Rate exceeded') });
      assert.deepEqual(await isComplete(event('Create', started), c, () => t0), { IsComplete: false });
    }
  });

  test('cancelled update (a sibling failed, the stack rolls back): the running execution is left to finish', async () => {
    // isComplete never reads the stack status and never stops a running execution inside the bound ...
    const running = fakeClients({
      describeExecution: { status: 'RUNNING', startDate: new Date(t0) },
      describeStacks: { Stacks: [{ StackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS' }] },
    });
    assert.deepEqual(await isComplete(event('Update', started), running, () => t0 + 60_000), { IsComplete: false });
    assert.deepEqual(running.calls.map((x) => x.name), ['describeExecution']);
    // ... it finishes (migrations are expand-only, so the old version works with the new schema) ...
    const done = fakeClients({ describeExecution: { status: 'SUCCEEDED', startDate: new Date(t0) } });
    assert.deepEqual(await isComplete(event('Update', started), done, () => t0 + 120_000), { IsComplete: true });
    // ... and the rollback's own Update (old properties) runs nothing and stops nothing.
    const rollback = fakeClients({ describeStacks: { Stacks: [{ StackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS' }] } });
    const out = await onEvent(event('Update', {
      PhysicalResourceId: 'MigrationGate-migration-gate',
      OldResourceProperties: props({ Fingerprint: 'fp-2' }),
    }), rollback);
    assert.equal(out.Data.Ran, 'false');
    assert.deepEqual(rollback.calls.map((x) => x.name), ['describeStacks']);
  });
});
