// The benchmark's peer: each bench workload written as a Kafka Streams topology over the same
// topics ksqlite reads, JSON in and JSON out (Jackson trees, as a generic JSON engine would).
// It runs until its consumer group has committed every input record, then prints one JSON line.
// Usage: java -cp ... ksqlite.peer.Peer BROKERS WORKLOAD INPUT_TOPIC OUTPUT_TOPIC APP_ID STATE_DIR
package ksqlite.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;

public final class Peer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigDecimal EURO = new BigDecimal("0.908");

  private Peer() {}

  private static JsonNode parse(byte[] v) {
    try {
      return JSON.readTree(v);
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] write(JsonNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds the workload's topology; returns false when the peer has no version of it. */
  static boolean build(StreamsBuilder b, String workload, String input, String output) {
    KStream<byte[], byte[]> in = b.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()));
    Produced<byte[], byte[]> out = Produced.with(Serdes.ByteArray(), Serdes.ByteArray());
    switch (workload) {
      case "filter-project" -> in.flatMapValues(v -> {
            JsonNode o = parse(v);
            if (o == null || o.path("QTY").asInt() <= 3) return List.<byte[]>of();
            ObjectNode r = JSON.createObjectNode();
            r.set("ORDER_ID", o.get("ORDER_ID"));
            r.set("ITEM", o.get("ITEM"));
            r.put("TOTAL", o.path("QTY").asInt() * o.path("PRICE").asDouble());
            return List.of(write(r));
          }).to(output, out);
      case "groupby-count", "groupby-sum" -> {
        boolean sum = workload.equals("groupby-sum");
        var grouped = in.groupBy((k, v) -> {
              JsonNode o = parse(v);
              return o == null ? null : o.path("CUSTOMER").asText();
            }, Grouped.with("groupby", Serdes.String(), Serdes.ByteArray()));
        var table = sum
            ? grouped.aggregate(() -> 0.0, (k, v, acc) -> {
                  JsonNode o = parse(v);
                  return o == null ? acc : acc + o.path("PRICE").asDouble();
                }, Materialized.with(Serdes.String(), Serdes.Double()))
            : grouped.count().mapValues(Long::doubleValue);
        String column = sum ? "REVENUE" : "ORDERS";
        table.toStream().map((k, n) -> {
              ObjectNode r = JSON.createObjectNode();
              if (sum) r.put(column, n);
              else r.put(column, n.longValue());
              return KeyValue.pair(k.getBytes(java.nio.charset.StandardCharsets.UTF_8), write(r));
            }).to(output, out);
      }
      case "nexmark-q0" -> in.mapValues(v -> {
            JsonNode o = parse(v);
            ObjectNode r = JSON.createObjectNode();
            if (o != null) o.fields().forEachRemaining(e -> r.set(e.getKey().toUpperCase(), e.getValue()));
            return write(r);
          }).to(output, out);
      case "nexmark-q1" -> in.mapValues(v -> {
            JsonNode o = parse(v);
            ObjectNode r = JSON.createObjectNode();
            if (o != null) {
              r.set("AUCTION", o.get("auction"));
              r.set("BIDDER", o.get("bidder"));
              r.put("PRICE", EURO.multiply(BigDecimal.valueOf(o.path("price").asLong())));
              r.set("DATETIME", o.get("dateTime"));
              r.set("EXTRA", o.get("extra"));
            }
            return write(r);
          }).to(output, out);
      case "nexmark-q2" -> in.flatMapValues(v -> {
            JsonNode o = parse(v);
            if (o == null || o.path("auction").asLong() % 123 != 0) return List.<byte[]>of();
            ObjectNode r = JSON.createObjectNode();
            r.set("AUCTION", o.get("auction"));
            r.set("PRICE", o.get("price"));
            return List.of(write(r));
          }).to(output, out);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** Peak resident set of this process in MB (VmHWM), or -1 off Linux. */
  private static long peakRssMb() {
    try {
      Matcher m = Pattern.compile("^VmHWM:\\s+(\\d+) kB$", Pattern.MULTILINE).matcher(Files.readString(Path.of("/proc/self/status")));
      return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private static double cpuSeconds() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() / 1e9 : -1;
  }

  /** End offsets of a topic's partitions. */
  private static Map<TopicPartition, Long> ends(Admin admin, String topic) throws Exception {
    TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    Map<TopicPartition, OffsetSpec> req = new HashMap<>();
    d.partitions().forEach(p -> req.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, Long> r = new HashMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : admin.listOffsets(req).all().get().entrySet())
      r.put(e.getKey(), e.getValue().offset());
    return r;
  }

  /** True once the group committed every record of these topics (in order: a later stage after its input). */
  private static boolean caughtUp(Admin admin, String group, List<String> topics) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    for (String t : topics) {
      for (Map.Entry<TopicPartition, Long> e : ends(admin, t).entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        if (e.getValue() > 0 && (c == null || c.offset() < e.getValue())) return false;
      }
    }
    return true;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: Peer BROKERS WORKLOAD INPUT_TOPIC OUTPUT_TOPIC APP_ID STATE_DIR");
      System.exit(2);
    }
    String brokers = args[0], workload = args[1], input = args[2], output = args[3], appId = args[4], stateDir = args[5];
    StreamsBuilder b = new StreamsBuilder();
    if (!build(b, workload, input, output)) {
      System.out.println("{\"status\":\"unsupported\",\"reason\":\"the Kafka Streams peer has no version of " + workload + "\"}");
      return;
    }
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    List<String> watched = new ArrayList<>(List.of(input));
    if (workload.startsWith("groupby")) watched.add(appId + "-groupby-repartition");

    double cpu0 = cpuSeconds();
    long t0 = System.nanoTime();
    KafkaStreams streams = new KafkaStreams(b.build(), p);
    streams.start();
    Properties ap = new Properties();
    ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    try (Admin admin = Admin.create(ap)) {
      while (true) {
        if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
          System.out.println("{\"status\":\"failed\",\"reason\":\"Kafka Streams stopped in state " + streams.state() + "\"}");
          streams.close();
          System.exit(1);
        }
        boolean done;
        try {
          done = caughtUp(admin, appId, watched);
        } catch (java.util.concurrent.ExecutionException e) {
          done = false; // the repartition topic may not exist yet
        }
        if (done) break;
        Thread.sleep(50);
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = cpuSeconds() - cpu0;
    long rss = peakRssMb();
    streams.close();
    System.out.println("{\"status\":\"ok\",\"seconds\":" + seconds + ",\"cpuSeconds\":" + cpu + ",\"peakRssMb\":" + rss + "}");
    System.exit(0);
  }
}
