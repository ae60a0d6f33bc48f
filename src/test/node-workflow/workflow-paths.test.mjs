// Runs the synthesized migration workflow definition (WORKFLOW_DEFINITION, written by
// MigrationConstructsTest) through a small interpreter of the states it uses, evaluating its JSONata
// with the jsonata package (the engine Step Functions uses), with the ECS and CloudWatch Logs
// integrations replaced by canned responses. Checks what an operator sees for each outcome.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import jsonata from 'jsonata';

const file = process.env.WORKFLOW_DEFINITION;
assert.ok(file, 'WORKFLOW_DEFINITION must name the synthesized definition (run through MigrationConstructsTest)');
const definition = JSON.parse(readFileSync(file, 'utf8'));

const TASK_ARN = 'arn:aws:ecs:eu-west-1:111122223333:task/migrations-cluster/0f1e2d3c4b5a';

async function evaluate(value, states) {
  if (typeof value === 'string') {
    const m = value.match(/^\{%(.*)%\}$/s);
    // $parse is one of the functions Step Functions adds to JSONata (with $partition, $range, $hash,
    // $random, $uuid): JSON text to value.
    return m ? jsonata(m[1]).evaluate(null, { states, parse: (text) => JSON.parse(text) }) : value;
  }
  if (Array.isArray(value)) {
    return Promise.all(value.map((v) => evaluate(v, states)));
  }
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = await evaluate(v, states);
    }
    return out;
  }
  return value;
}

function getPath(data, path) {
  return path.replace(/^\$\.?/, '').split('.').filter(Boolean).reduce((d, k) => (d == null ? undefined : d[k]), data);
}

function setPath(data, path, value) {
  const key = path.replace(/^\$\./, '');
  return { ...data, [key]: value };
}

function parameters(value, data) {
  if (Array.isArray(value)) {
    return value.map((v) => parameters(v, data));
  }
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (k.endsWith('.$')) {
        out[k.slice(0, -2)] = getPath(data, v);
      } else {
        out[k] = parameters(v, data);
      }
    }
    return out;
  }
  return value;
}

/** Runs the definition; `tasks` maps a Task state name to (args) => ({result} | {error, cause}). */
async function execute(input, tasks) {
  const trace = [];
  let data = input;
  let name = definition.StartAt;
  for (let step = 0; step < 50; step++) {
    const st = definition.States[name];
    assert.ok(st, `state ${name} exists`);
    trace.push(name);
    const jsonataState = (st.QueryLanguage || definition.QueryLanguage) === 'JSONata';
    const ctx = (extra) => ({ input: data, context: { Execution: { Id: 'exec-1' } }, ...extra });
    switch (st.Type) {
      case 'Pass':
        assert.ok(jsonataState, `${name} is a JSONata state`);
        data = st.Output === undefined ? data : await evaluate(st.Output, ctx());
        name = st.Next;
        break;
      case 'Choice': {
        let next = st.Default;
        for (const choice of st.Choices) {
          if (await evaluate(choice.Condition, ctx())) {
            next = choice.Next;
            break;
          }
        }
        name = next;
        break;
      }
      case 'Task': {
        const args = jsonataState ? await evaluate(st.Arguments, ctx()) : parameters(st.Parameters, data);
        const outcome = await tasks[name](args);
        if (outcome.error) {
          const catcher = (st.Catch || []).find((c) => c.ErrorEquals.includes('States.ALL')
            || c.ErrorEquals.includes(outcome.error));
          if (!catcher) {
            return { status: 'FAILED', error: outcome.error, cause: outcome.cause, trace };
          }
          const errorOutput = { Error: outcome.error, Cause: outcome.cause };
          data = jsonataState
            ? (catcher.Output === undefined ? errorOutput : await evaluate(catcher.Output, ctx({ errorOutput })))
            : setPath(data, catcher.ResultPath, errorOutput);
          name = catcher.Next;
          break;
        }
        data = jsonataState
          ? (st.Output === undefined ? outcome.result : await evaluate(st.Output, ctx({ result: outcome.result })))
          : setPath(data, st.ResultPath, outcome.result);
        if (st.End) {
          return { status: 'SUCCEEDED', output: data, trace };
        }
        name = st.Next;
        break;
      }
      case 'Fail':
        return {
          status: 'FAILED',
          error: await evaluate(st.Error, ctx()),
          cause: await evaluate(st.Cause, ctx()),
          trace,
        };
      case 'Succeed':
        return { status: 'SUCCEEDED', output: data, trace };
      default:
        throw new Error(`state type ${st.Type} not simulated`);
    }
  }
  throw new Error('no end after 50 states');
}

function stoppedTask({ exitCode, stopCode = 'EssentialContainerExited', reason = 'Essential container in task exited',
  containerReason } = {}) {
  const container = { Name: 'Runner', LastStatus: 'STOPPED' };
  if (exitCode !== undefined) {
    container.ExitCode = exitCode;
  }
  if (containerReason) {
    container.Reason = containerReason;
  }
  return { TaskArn: TASK_ARN, LastStatus: 'STOPPED', StopCode: stopCode, StoppedReason: reason, Containers: [container] };
}

const logLines = (stream) => ({
  result: {
    Events: [
      { Timestamp: 1, Message: 'migrate: applying V2 add profile picture' },
      { Timestamp: 2, Message: 'ERROR: V2__add_profile_picture.sql failed: column "profile_picture" of relation "users" already exists (SQLSTATE 42701)' },
    ],
    NextBackwardToken: 'b',
    stream,
  },
});

test('exit code 0: the execution succeeds and runs the default command', async () => {
  let command;
  const out = await execute({}, {
    RunMigrationTask: (args) => {
      command = args.Overrides.ContainerOverrides[0].Command;
      return { result: stoppedTask({ exitCode: 0 }) };
    },
  });
  assert.equal(out.status, 'SUCCEEDED', JSON.stringify(out));
  assert.deepEqual(command, ['migrate']);
});

test('input {"command": ["undo"]} switches the container command', async () => {
  let command;
  const out = await execute({ command: ['undo'] }, {
    RunMigrationTask: (args) => {
      command = args.Overrides.ContainerOverrides[0].Command;
      return { result: stoppedTask({ exitCode: 0 }) };
    },
  });
  assert.equal(out.status, 'SUCCEEDED');
  assert.deepEqual(command, ['undo']);
});

test('a command that is not an array of strings fails before any task runs', async () => {
  const out = await execute({ command: 'undo' }, {
    RunMigrationTask: () => assert.fail('the task must not run'),
  });
  assert.equal(out.status, 'FAILED');
  assert.equal(out.error, 'InvalidInput');
  assert.match(out.cause, /non-empty array of strings/);
});

test('non-zero exit (the .sync integration fails the state): cause has exit code and the last log lines', async () => {
  let logArgs;
  const out = await execute({}, {
    RunMigrationTask: () => ({ error: 'States.TaskFailed', cause: JSON.stringify(stoppedTask({ exitCode: 1 })) }),
    FetchLastLogLines: (args) => {
      logArgs = args;
      return logLines(args.LogStreamName);
    },
  });
  assert.equal(out.status, 'FAILED');
  assert.equal(out.error, 'MigrationFailed');
  assert.equal(logArgs.LogStreamName, 'migration/Runner/0f1e2d3c4b5a');
  assert.equal(logArgs.StartFromHead, false);
  assert.equal(logArgs.Limit, 50);
  assert.match(out.cause, /^the migration task exited with code 1 \(EssentialContainerExited: Essential container in task exited\)/);
  assert.match(out.cause, /Last 2 log lines/);
  assert.match(out.cause, /column "profile_picture" of relation "users" already exists/);
  assert.ok(out.cause.includes(TASK_ARN));
  if (process.env.SHOW_CAUSE) {
    console.log(out.cause);
  }
});

/** The same description in the ECS API's camelCase. */
function camelCase(value) {
  if (Array.isArray(value)) {
    return value.map(camelCase);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k[0].toLowerCase() + k.slice(1), camelCase(v)]));
  }
  return value;
}

test('a camelCase task description reads the same: success, and failure with the exit code', async () => {
  const ok = await execute({}, { RunMigrationTask: () => ({ result: camelCase(stoppedTask({ exitCode: 0 })) }) });
  assert.equal(ok.status, 'SUCCEEDED');
  let stream;
  const failed = await execute({}, {
    RunMigrationTask: () => ({ error: 'States.TaskFailed', cause: JSON.stringify(camelCase(stoppedTask({ exitCode: 4 }))) }),
    FetchLastLogLines: (args) => {
      stream = args.LogStreamName;
      return logLines(args.LogStreamName);
    },
  });
  assert.equal(failed.error, 'MigrationFailed');
  assert.equal(stream, 'migration/Runner/0f1e2d3c4b5a');
  assert.match(failed.cause, /^the migration task exited with code 4 \(EssentialContainerExited: Essential container/);
});

test('a sidecar exiting 0 does not make a failed runner a success', async () => {
  const task = stoppedTask({ exitCode: 1 });
  task.Containers.unshift({ Name: 'log-router', ExitCode: 0, LastStatus: 'STOPPED' });
  const out = await execute({}, {
    RunMigrationTask: () => ({ result: task }),
    FetchLastLogLines: (args) => logLines(args.LogStreamName),
  });
  assert.equal(out.status, 'FAILED');
  assert.match(out.cause, /exited with code 1/);
});

test('non-zero exit returned as a success result is still a failure', async () => {
  const out = await execute({}, {
    RunMigrationTask: () => ({ result: stoppedTask({ exitCode: 3 }) }),
    FetchLastLogLines: (args) => logLines(args.LogStreamName),
  });
  assert.equal(out.status, 'FAILED');
  assert.equal(out.error, 'MigrationFailed');
  assert.match(out.cause, /exited with code 3/);
});

test('a task that never started: cause says so, with the stop reason, even without log lines', async () => {
  const out = await execute({}, {
    RunMigrationTask: () => ({
      error: 'States.TaskFailed',
      cause: JSON.stringify(stoppedTask({
        stopCode: 'TaskFailedToStart',
        reason: 'ResourceInitializationError: unable to pull secrets or registry auth',
      })),
    }),
    FetchLastLogLines: () => ({ error: 'CloudWatchLogs.ResourceNotFoundException', cause: 'The specified log stream does not exist.' }),
  });
  assert.equal(out.status, 'FAILED');
  assert.equal(out.error, 'MigrationFailed');
  assert.match(out.cause, /stopped before its container ran \(TaskFailedToStart: ResourceInitializationError/);
  assert.match(out.cause, /log lines could not be read: CloudWatchLogs.ResourceNotFoundException/);
});

test('RunTask itself failing (no task description): MigrationTaskNotRun with the ECS error', async () => {
  const out = await execute({}, {
    RunMigrationTask: () => ({ error: 'ECS.AccessDeniedException', cause: 'not authorized to perform ecs:RunTask' }),
  });
  assert.equal(out.status, 'FAILED');
  assert.equal(out.error, 'MigrationTaskNotRun');
  assert.match(out.cause, /could not be run \(ECS.AccessDeniedException\): not authorized/);
});

test('the task state timing out: MigrationTimedOut naming the bound and the log group', async () => {
  const out = await execute({}, {
    RunMigrationTask: () => ({ error: 'States.Timeout', cause: '' }),
  });
  assert.equal(out.status, 'FAILED');
  assert.equal(out.error, 'MigrationTimedOut');
  assert.match(out.cause, /did not finish within 1800 s; Step Functions stopped it/);
  assert.match(out.cause, /streams migration\/Runner\/<task id>/);
});
