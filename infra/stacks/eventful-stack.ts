import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { EventfulHttpApi } from '../constructs/eventful-http-api.ts';
import { EventfulPlatform, type EventfulPlatformProps } from '../constructs/eventful-platform.ts';
import { ProductCatalog } from '../constructs/product-catalog.ts';
import { ActivityFlow } from '../flows/activity-flow.ts';
import { activitySettingsFromContext } from './activity-settings.ts';
import { OrdersFlow } from '../flows/orders-flow.ts';
import { ordersSettingsFromContext } from './orders-settings.ts';
import { ProductImports } from '../flows/product-imports.ts';

export interface EventfulStackProps extends StackProps {
  /**
   * The platform's settings (bus name, archive and claim-check retention, alarm topic).
   * @default the platform's defaults
   */
  readonly platform?: EventfulPlatformProps;
}

/**
 * The whole eventful system, in one stack: the platform every flow plugs into, the HTTP API the
 * flows add their routes to, the product catalog, and one construct per flow, each taking the
 * platform (and the API and tables it needs).
 */
export class EventfulStack extends Stack {
  readonly platform: EventfulPlatform;
  readonly api: EventfulHttpApi;
  readonly catalog: ProductCatalog;
  readonly orders: OrdersFlow;
  readonly activity: ActivityFlow;
  readonly imports: ProductImports;

  constructor(scope: Construct, id: string, props: EventfulStackProps = {}) {
    super(scope, id, props);
    this.platform = new EventfulPlatform(this, 'Platform', props.platform);
    this.api = new EventfulHttpApi(this, 'Api', { alarmTopic: this.platform.alarmTopic });
    this.catalog = new ProductCatalog(this, 'Catalog');
    // The payment window may come from the context (`eventful:paymentWindowMinutes`), e.g. one minute for a soak.
    this.orders = new OrdersFlow(this, 'Orders', { platform: this.platform, api: this.api, catalog: this.catalog, ...ordersSettingsFromContext(this) });
    // The window and the threshold may come from the context (`eventful:activityWindowSeconds`,
    // `eventful:trendingThreshold`), e.g. seconds-long windows for a demo or an end-to-end test.
    this.activity = new ActivityFlow(this, 'Activity', { platform: this.platform, api: this.api, ...activitySettingsFromContext(this) });
    this.imports = new ProductImports(this, 'ProductImports', { platform: this.platform, catalog: this.catalog });
  }
}
