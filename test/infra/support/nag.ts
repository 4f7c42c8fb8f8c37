import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Acknowledgement {
  /** Construct path the acknowledgement is on. */
  path: string;
  /** Rule id, with the finding when the rule reports several: `AwsSolutions-IAM5[Resource::*]`. */
  id: string;
  reason: string;
}

export interface Finding {
  ruleName: string;
  constructPath: string;
}

export interface ValidationReport {
  pluginReports: { pluginName: string; conclusion: string; violations: { ruleName: string }[] }[];
}

export function readValidationReport(outdir: string): ValidationReport {
  return JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
}

/** Every `Validations.of(x).acknowledge(...)` in the app, where it was made. */
export function acknowledgementsIn(app: App): Acknowledgement[] {
  return app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([qualifiedId, reason]) => ({
          path: construct.node.path,
          // CDK qualifies ids as `Annotation::<id>`; cdk-nag strips the prefix the same way.
          id: qualifiedId.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

/** What AwsSolutions finds in the app when no acknowledgement applies. */
export function findingsIgnoringAcknowledgements(app: App): Finding[] {
  const checks = new AwsSolutionsChecks(app);
  // cdk-nag checks acknowledgements in a private method; replacing it on this instance is the only
  // way to see what each acknowledgement hides.
  (checks as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  return checks
    .validateScope(app)
    .violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => ({ ruleName: violation.ruleName, constructPath: resource.constructPath ?? '' })),
    );
}
