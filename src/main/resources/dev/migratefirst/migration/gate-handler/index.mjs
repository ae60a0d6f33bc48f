// MigrationGate handler: the user functions of an aws-cdk-lib custom-resources Provider.
//
//   onEvent    decides whether this CloudFormation event runs migrations and, if so, starts one
//              execution of the migration workflow (Step Functions).
//              With the properties Command (e.g. ["backfill"]) and Wait 'false' (the backfill trigger,
//              a second custom resource on the same Provider) it starts the execution with that runner
//              command and returns at once: CloudFormation does not wait for it. Its Fingerprint
//              includes the command, so Command needs no trigger key of its own.
//   isComplete is polled by the Provider framework's waiter state machine until the execution has
//              finished; it fails the resource with the workflow's cause (exit code + last log
//              lines of the migration task) and stops the execution when the wait bound is reached.
//
// Shipped inside the MigrateFirst jar and deployed as-is: plain ES module, no dependencies beyond
// the AWS SDK for JavaScript v3 that the Lambda Node.js runtime provides. Never logs properties
// that could hold a secret (the gate has none: only ARNs, hashes, an image URI and settings).

/** Resource properties whose change re-runs the migrations (compared old vs new on Update). */
export const TRIGGER_KEYS = ['Fingerprint', 'Image', 'Environment'];

/**
 * The longest failure message, counted as its JSON-encoded size in UTF-8 bytes (quotes, backslashes,
 * newlines and control characters take more room once encoded). CloudFormation takes a custom-resource
 * response body of at most 4096 bytes; the Provider framework adds "Logs: /aws/lambda/<function>" and
 * the other response fields (stack id, request id, physical and logical ids), at most about 1400 bytes.
 */
export const MAX_REASON = 2600;

/** At most this much of MAX_REASON names where the logs are. */
const MAX_LOGS_LINE = 700;

/**
 * The SDK client settings: adaptive retry mode (client-side rate limiting plus retries of throttling
 * and transient errors with backoff), so a throttled DescribeStacks, StartExecution or
 * DescribeExecution is retried by the SDK before the handler sees an error.
 */
export const SDK_CONFIG = Object.freeze({ retryMode: 'adaptive', maxAttempts: 6 });

/** SDK errors of DescribeExecution that no retry can fix. */
const PERMANENT_DESCRIBE_ERRORS = new Set(['ExecutionDoesNotExist', 'InvalidArn', 'AccessDeniedException']);

const ROLLBACK_STATES = new Set([
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'ROLLBACK_IN_PROGRESS',
  'IMPORT_ROLLBACK_IN_PROGRESS',
]);

let defaultClients;

/** The SDK clients, built with SDK_CONFIG; `load` imports a module (the Lambda runtime's AWS SDK v3). */
export async function awsClients(load = (name) => import(name)) {
  const [{ SFN }, { CloudFormation }] = await Promise.all([
    load('@aws-sdk/client-sfn'),
    load('@aws-sdk/client-cloudformation'),
  ]);
  return { sfn: new SFN({ ...SDK_CONFIG }), cloudFormation: new CloudFormation({ ...SDK_CONFIG }) };
}

async function defaultAwsClients() {
  defaultClients ??= await defaultAwsClients();
  return defaultClients;
}

/** JSON with sorted keys, so {a,b} and {b,a} compare equal. */
export function canonical(value) {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value === undefined ? null : value);
}

/** The trigger keys whose value differs between the old and new resource properties. */
export function changedTriggers(oldProps = {}, newProps = {}) {
  return TRIGGER_KEYS.filter((k) => canonical(oldProps[k]) !== canonical(newProps[k]));
}

/** The size of `text` once JSON-encoded, in UTF-8 bytes, without the surrounding quotes. */
export function jsonBytes(text) {
  return Buffer.byteLength(JSON.stringify(String(text)), 'utf8') - 2;
}

/** ANSI escape sequences (colours, cursor moves): noise in a CloudFormation event, and 6 bytes each encoded. */
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/**
 * Keeps the start (what failed, exit code) and the end (the last log lines) of a long text, so that
 * its JSON-encoded size is at most `max` bytes. ANSI escape sequences are dropped; the text is cut
 * between code points, never inside a multi-byte character or a surrogate pair.
 */
export function truncateMiddle(text, max = MAX_REASON) {
  const s = String(text ?? '').replace(ANSI, '');
  if (jsonBytes(s) <= max) {
    return s;
  }
  const chars = Array.from(s);
  const marker = '\n[... truncated ...]\n';
  const cut = (n) => {
    const head = Math.floor(n / 3);
    return chars.slice(0, head).join('') + marker + chars.slice(chars.length - (n - head)).join('');
  };
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (jsonBytes(cut(mid)) <= max) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return cut(lo);
}

/** The line naming the log groups of the runner, the workflow and the gate (set by MigrationGate). */
export function logsLine(env = process.env) {
  const logs = env.MIGRATION_GATE_LOGS;
  return logs ? truncateMiddle(`\nLogs: ${logs}`, MAX_LOGS_LINE) : '';
}

/**
 * The error the gate fails with: the message, then where the logs are, bounded together by
 * MAX_REASON. Its stack is one line: the Provider framework reports a user function's error as its
 * message plus the stack lines after the first, and a multi-line message would appear twice; so
 * CloudFormation's reason is exactly this message (plus the framework's own "Logs:" line).
 */
export function gateError(message, env = process.env) {
  const logs = logsLine(env);
  const e = new Error(truncateMiddle(message, MAX_REASON - jsonBytes(logs)) + logs);
  e.name = 'MigrationGateError';
  e.stack = 'MigrationGateError';
  return e;
}

function log(message, fields = {}) {
  console.log(JSON.stringify({ message, ...fields }));
}

function physicalId(event) {
  return event.PhysicalResourceId || `${event.LogicalResourceId}-migration-gate`;
}

function skip(event, reason) {
  log('not running migrations', { requestType: event.RequestType, reason });
  return { PhysicalResourceId: physicalId(event), Data: { Ran: 'false', Skipped: reason } };
}

async function stackStatus(cloudFormation, stackId) {
  let out;
  try {
    out = await cloudFormation.describeStacks({ StackName: stackId });
  } catch (e) {
    throw gateError(`migration gate: cannot read the status of stack ${stackId} (${e.name || 'Error'}: ${e.message}); `
      + 'refusing to run migrations without knowing whether the stack is rolling back');
  }
  const stack = (out.Stacks || [])[0];
  if (!stack) {
    throw gateError(`migration gate: stack ${stackId} not found by DescribeStacks`);
  }
  return stack.StackStatus;
}

function executionName(event) {
  // One name per CloudFormation request: if the request is delivered twice, StartExecution with
  // the same name and input returns the execution already running instead of starting another.
  return `cfn-${event.RequestId}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80);
}

/**
 * Provider framework onEvent. Returns the execution to wait for in Data.ExecutionArn, or
 * Data.Ran = 'false' with the reason when nothing is run.
 */
export async function onEvent(event, clients) {
  const { sfn, cloudFormation } = clients || await defaultAwsClients();
  const props = event.ResourceProperties || {};
  switch (event.RequestType) {
    case 'Delete':
      return skip(event, 'delete: migrations are forward-only, nothing is undone');
    case 'Update': {
      const status = await stackStatus(cloudFormation, event.StackId);
      if (ROLLBACK_STATES.has(status)) {
        return skip(event, `stack is ${status}: migrations are forward-only, the previous version does not run`);
      }
      const changed = changedTriggers(event.OldResourceProperties, props);
      if (changed.length === 0) {
        return skip(event, 'fingerprint unchanged (migrations, image, runner settings, force-run token)');
      }
      return start(event, sfn, `changed: ${changed.join(', ')}`);
    }
    case 'Create':
      return start(event, sfn, 'create');
    default:
      throw gateError(`migration gate: unknown request type ${event.RequestType}`);
  }
}

async function start(event, sfn, why) {
  const props = event.ResourceProperties || {};
  const stateMachineArn = props.StateMachineArn;
  if (!stateMachineArn) {
    throw gateError('migration gate: resource property StateMachineArn is missing');
  }
  const input = {
    trigger: 'cloudformation',
    requestType: event.RequestType,
    stackId: event.StackId,
    logicalResourceId: event.LogicalResourceId,
    fingerprint: props.Fingerprint,
  };
  // The workflow's input "command" replaces the runner command for this execution (MigrationWorkflow).
  if (props.Command !== undefined) {
    input.command = props.Command;
  }
  let out;
  try {
    out = await sfn.startExecution({ stateMachineArn, name: executionName(event), input: JSON.stringify(input) });
  } catch (e) {
    throw gateError(`migration gate: could not start the migration workflow ${stateMachineArn}: `
      + `${e.name || 'Error'}: ${e.message}`);
  }
  log('started migration workflow', { why, executionArn: out.executionArn, command: input.command });
  if (props.Wait === 'false') {
    // Started, not awaited: without Data.ExecutionArn isComplete answers complete at once.
    return {
      PhysicalResourceId: physicalId(event),
      Data: { Ran: 'true', StartedExecutionArn: out.executionArn, StartedBecause: why },
    };
  }
  return {
    PhysicalResourceId: physicalId(event),
    Data: { Ran: 'true', ExecutionArn: out.executionArn, StartedBecause: why },
  };
}

/** Provider framework isComplete: polls the execution started by onEvent. */
export async function isComplete(event, clients, now = () => Date.now()) {
  const executionArn = event.Data && event.Data.ExecutionArn;
  if (!executionArn) {
    return { IsComplete: true };
  }
  const { sfn } = clients || await defaultAwsClients();
  const props = event.ResourceProperties || {};
  const waitSeconds = Number(props.WaitSeconds);
  let execution;
  try {
    execution = await sfn.describeExecution({ executionArn });
  } catch (e) {
    if (PERMANENT_DESCRIBE_ERRORS.has(e.name)) {
      throw gateError(`migration gate: cannot read execution ${executionArn}: ${e.name}: ${e.message}`);
    }
    // Throttling, a network blip: ask again at the next poll (the waiter's total timeout still bounds it).
    log('could not read the execution, retrying at the next poll', { executionArn, error: `${e.name}: ${e.message}` });
    return { IsComplete: false };
  }
  switch (execution.status) {
    case 'SUCCEEDED':
      log('migrations succeeded', { executionArn });
      return { IsComplete: true };
    case 'RUNNING':
    case 'PENDING_REDRIVE': {
      const started = new Date(execution.startDate).getTime();
      const elapsed = Math.floor((now() - started) / 1000);
      if (Number.isFinite(waitSeconds) && waitSeconds > 0 && elapsed >= waitSeconds) {
        await stopQuietly(sfn, executionArn, waitSeconds);
        throw gateError(`migration gate: the migration workflow did not finish within ${waitSeconds} s `
          + `(the gate's wait bound); the execution was stopped, which stops the migration task. `
          + `Execution: ${executionArn}`);
      }
      return { IsComplete: false };
    }
    default: {
      const error = execution.error || execution.status;
      const cause = execution.cause || '(no cause given)';
      throw gateError(`migrations failed (${execution.status}, ${error}): ${cause}\nExecution: ${executionArn}`);
    }
  }
}

async function stopQuietly(sfn, executionArn, waitSeconds) {
  try {
    await sfn.stopExecution({
      executionArn,
      error: 'MigrationGate.Timeout',
      cause: `the deploy gate waited ${waitSeconds} s, its bound`,
    });
  } catch (e) {
    log('could not stop the execution', { executionArn, error: `${e.name}: ${e.message}` });
  }
}

// Lambda entry points (handler names index.onEventHandler / index.isCompleteHandler).
export const onEventHandler = (event) => onEvent(event);
export const isCompleteHandler = (event) => isComplete(event);
