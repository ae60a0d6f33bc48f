// MigrationGate handler: the user functions of an aws-cdk-lib custom-resources Provider.
//
//   onEvent    decides whether this CloudFormation event runs migrations and, if so, starts one
//              execution of the migration workflow (Step Functions).
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
 * The longest failure message, in UTF-8 bytes. CloudFormation takes a custom-resource response of at
 * most 4 KiB; the Provider framework adds the handler's log group and the other response fields.
 */
export const MAX_REASON = 2400;

/** SDK errors of DescribeExecution that no retry can fix. */
const PERMANENT_DESCRIBE_ERRORS = new Set(['ExecutionDoesNotExist', 'InvalidArn', 'AccessDeniedException']);

const ROLLBACK_STATES = new Set([
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'ROLLBACK_IN_PROGRESS',
  'IMPORT_ROLLBACK_IN_PROGRESS',
]);

let defaultClients;

async function awsClients() {
  if (!defaultClients) {
    const [{ SFN }, { CloudFormation }] = await Promise.all([
      import('@aws-sdk/client-sfn'),
      import('@aws-sdk/client-cloudformation'),
    ]);
    defaultClients = { sfn: new SFN({}), cloudFormation: new CloudFormation({}) };
  }
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

/** Keeps the start (what failed, exit code) and the end (the last log lines) of a long text. */
export function truncateMiddle(text, max = MAX_REASON) {
  const s = String(text ?? '');
  if (Buffer.byteLength(s, 'utf8') <= max) {
    return s;
  }
  const marker = '\n[... truncated ...]\n';
  let budget = max - marker.length;
  for (;;) {
    const head = Math.floor(budget / 3);
    const out = s.slice(0, head) + marker + s.slice(s.length - (budget - head));
    if (Buffer.byteLength(out, 'utf8') <= max) {
      return out;
    }
    budget -= Math.ceil((Buffer.byteLength(out, 'utf8') - max) / 2) + 1;
  }
}

/**
 * The error the gate fails with. Its stack is one line: the Provider framework reports a user
 * function's error as its message plus the stack lines after the first, and a multi-line message
 * would appear twice; so CloudFormation's reason is exactly this message.
 */
export function gateError(message) {
  const e = new Error(truncateMiddle(message));
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
  const { sfn, cloudFormation } = clients || await awsClients();
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
  let out;
  try {
    out = await sfn.startExecution({ stateMachineArn, name: executionName(event), input: JSON.stringify(input) });
  } catch (e) {
    throw gateError(`migration gate: could not start the migration workflow ${stateMachineArn}: `
      + `${e.name || 'Error'}: ${e.message}`);
  }
  log('started migration workflow', { why, executionArn: out.executionArn });
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
  const { sfn } = clients || await awsClients();
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
