// Validates every resource of CloudFormation templates against CloudFormation's own resource schemas,
// as the npm package @aws-cdk/aws-service-spec (pinned in package.json) ships them: unknown resource
// types, unknown properties, wrong types, missing required properties and values outside an enum
// (allowedValues) are reported, one line each, and the exit code is 1.
//
//   node src/test/node-schema/validate-templates.mjs <template.json>...
//
// Intrinsic functions ({"Ref": ...}, {"Fn::GetAtt": ...}, {"Fn::Join": ...}, ...) stand for a value
// known only at deploy time: where one is found the value is accepted as whatever type is expected
// (its own arguments are not validated). Like CloudFormation, a number or boolean given as a string
// ("5432", "true") is accepted. Custom resources (Custom::*, AWS::CloudFormation::CustomResource),
// AWS::CDK::Metadata and the AWS::Serverless::* types (the SAM transform turns them into registry
// resources before CloudFormation validates them) have no registry schema and are skipped.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const SKIPPED_TYPES = /^(Custom::|AWS::CloudFormation::CustomResource$|AWS::CDK::Metadata$|AWS::Serverless::)/;

/** The spec database: resources by CloudFormation type, type definitions by id. */
export function loadSpec(file = defaultSpecFile()) {
  const db = JSON.parse(gunzipSync(readFileSync(file)));
  const resources = new Map();
  for (const r of Object.values(db.schema.resource.entities)) {
    resources.set(r.cloudFormationType, r);
  }
  const types = new Map();
  for (const t of Object.values(db.schema.typeDefinition.entities)) {
    types.set(t.$id, t);
  }
  return { resources, types };
}

function defaultSpecFile() {
  const require = createRequire(resolve('package.json'));
  return resolve(require.resolve('@aws-cdk/aws-service-spec/package.json'), '..', 'db.json.gz');
}

function isIntrinsic(value) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::'));
}

function describe(type) {
  switch (type.type) {
    case 'array':
      return `array of ${describe(type.element)}`;
    case 'map':
      return `map of ${describe(type.element)}`;
    case 'union':
      return type.types.map(describe).join(' | ');
    case 'ref':
      return 'object';
    default:
      return type.type;
  }
}

/** Problems of `value` against a spec type, as [path, message] pairs. */
function checkType(spec, value, type, path, out) {
  if (isIntrinsic(value)) {
    return true;
  }
  const wrong = () => {
    out.push([path, `expected ${describe(type)}, got ${JSON.stringify(value)?.slice(0, 80)}`]);
    return false;
  };
  let ok;
  switch (type.type) {
    case 'string':
    case 'date-time':
      ok = typeof value === 'string' || typeof value === 'number';
      break;
    case 'integer':
      ok = Number.isInteger(value) || (typeof value === 'string' && /^-?\d+$/.test(value));
      break;
    case 'number':
      ok = typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)));
      break;
    case 'boolean':
      ok = typeof value === 'boolean' || value === 'true' || value === 'false';
      break;
    case 'json':
      ok = (typeof value === 'object' && value !== null) || typeof value === 'string';
      break;
    case 'tag':
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        return wrong();
      }
      return checkObject(spec, value, {
        Key: { type: { type: 'string' }, required: true },
        Value: { type: { type: 'string' }, required: true },
      }, path, out);
    case 'array':
      if (!Array.isArray(value)) {
        return wrong();
      }
      value.forEach((v, i) => checkType(spec, v, type.element, `${path}/${i}`, out));
      return true;
    case 'map':
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        return wrong();
      }
      for (const [k, v] of Object.entries(value)) {
        checkType(spec, v, type.element, `${path}/${k}`, out);
      }
      return true;
    case 'union': {
      for (const t of type.types) {
        const trial = [];
        checkType(spec, value, t, path, trial);
        if (trial.length === 0) {
          return true;
        }
      }
      return wrong();
    }
    case 'ref': {
      const def = spec.types.get(type.reference.$ref);
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        return wrong();
      }
      return checkObject(spec, value, def.properties || {}, path, out);
    }
    default:
      ok = true;
  }
  if (!ok) {
    return wrong();
  }
  if (type.allowedValues && !isIntrinsic(value)
      && !type.allowedValues.some((a) => String(a) === String(value))) {
    out.push([path, `${JSON.stringify(value)} is not one of ${type.allowedValues.join(', ')}`]);
    return false;
  }
  return true;
}

/** Checks an object against spec properties: unknown names, required ones, each value's type. */
function checkObject(spec, value, properties, path, out) {
  for (const [name, prop] of Object.entries(properties)) {
    if (prop.required && !(name in value)) {
      out.push([path, `missing required property ${name}`]);
    }
  }
  for (const [name, v] of Object.entries(value)) {
    const prop = properties[name];
    if (!prop) {
      out.push([`${path}/${name}`, 'unknown property']);
      continue;
    }
    // CloudFormation still accepts the types a property had before (previousTypes).
    const candidates = [prop.type, ...(prop.previousTypes || [])];
    let best;
    for (const t of candidates) {
      const trial = [];
      checkType(spec, v, t, `${path}/${name}`, trial);
      if (trial.length === 0) {
        best = [];
        break;
      }
      best ??= trial;
    }
    out.push(...best);
  }
  return true;
}

/** Problems of every resource of a template, as strings "<logical id> (<type>)<path>: <message>". */
export function validateTemplate(spec, template) {
  const problems = [];
  for (const [id, resource] of Object.entries(template.Resources || {})) {
    const type = resource.Type;
    if (SKIPPED_TYPES.test(type)) {
      continue;
    }
    const schema = spec.resources.get(type);
    if (!schema) {
      problems.push(`${id} (${type}): unknown resource type`);
      continue;
    }
    const out = [];
    checkObject(spec, resource.Properties || {}, schema.properties || {}, '', out);
    for (const [path, message] of out) {
      problems.push(`${id} (${type})${path ? ` ${path}` : ''}: ${message}`);
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: validate-templates.mjs <template.json>...');
    process.exit(2);
  }
  const spec = loadSpec(process.env.SERVICE_SPEC_DB || undefined);
  let failed = 0;
  let resources = 0;
  for (const f of files) {
    const template = JSON.parse(readFileSync(f, 'utf8'));
    resources += Object.keys(template.Resources || {}).length;
    for (const p of validateTemplate(spec, template)) {
      console.log(`${f}: ${p}`);
      failed += 1;
    }
  }
  console.log(`checked ${resources} resources in ${files.length} templates: ${failed} problems`);
  process.exit(failed === 0 ? 0 : 1);
}
