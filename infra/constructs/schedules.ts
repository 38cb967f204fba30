import { Duration, TimeZone } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type ScheduleName, schedules, scheduleTimeZone } from '../../shared/schedules.ts';

export interface SchedulesProps {
  readonly functions: Record<ScheduleName, IFunction>;
  /** Where a trigger goes when the scheduler could not invoke the function after every retry. */
  readonly failureQueue: IQueue;
}

/** One EventBridge Scheduler schedule per entry of the schedule registry. */
export class Schedules extends Construct {
  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    for (const definition of schedules) {
      new Schedule(this, definition.name, {
        schedule: ScheduleExpression.expression(definition.expression, TimeZone.of(scheduleTimeZone)),
        description: definition.description,
        // Every job is safe to run twice, so retrying a failed invocation is always allowed;
        // an hour-old trigger is dropped because the next run covers it anyway.
        target: new LambdaInvoke(props.functions[definition.name], {
          retryAttempts: 3,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: props.failureQueue,
        }),
      });
    }
  }
}
