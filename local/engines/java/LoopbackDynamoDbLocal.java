import java.lang.reflect.Field;

/**
 * Starts Amazon's DynamoDB Local with its HTTP connector bound to one address (127.0.0.1 unless the system property
 * {@code eventful.dynamodb.host} says otherwise) instead of all interfaces.
 *
 * <p>DynamoDB Local has no option for this: {@code DynamoDBProxyServer} builds its Jetty {@code Server} from a port
 * alone, which listens on 0.0.0.0, so anyone on the developer's network could read and write the app's tables. This
 * does what {@code ServerRunner.main} does with the same arguments, but sets the host of the Jetty connector before
 * the server starts. It uses reflection only, so it compiles without DynamoDB Local on the class path; if a DynamoDB
 * Local release renames what it reaches, it fails to start (the runtime then names the error) rather than listening
 * on every interface.
 *
 * <p>Rebuild the class after changing this file: {@code javac --release 17 -d . LoopbackDynamoDbLocal.java}
 */
public final class LoopbackDynamoDbLocal {
  private LoopbackDynamoDbLocal() {}

  public static void main(String[] args) throws Exception {
    String host = System.getProperty("eventful.dynamodb.host", "127.0.0.1");
    Class<?> runner = Class.forName("software.amazon.dynamodb.services.local.main.ServerRunner");
    Object proxy = runner.getMethod("createServerFromCommandLineArgs", String[].class).invoke(null, (Object) args);
    Field field = proxy.getClass().getDeclaredField("server");
    field.setAccessible(true);
    Object server = field.get(proxy);
    Object[] connectors = (Object[]) server.getClass().getMethod("getConnectors").invoke(server);
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local's Jetty server has no connector to bind to " + host);
    for (Object connector : connectors) {
      connector.getClass().getMethod("setHost", String.class).invoke(connector, host);
    }
    proxy.getClass().getMethod("start").invoke(proxy);
    System.out.println("eventful: DynamoDB Local listens on " + host + " only");
  }
}
