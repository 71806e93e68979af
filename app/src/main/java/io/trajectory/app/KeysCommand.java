package io.trajectory.app;

import io.trajectory.api.auth.ApiAuth;
import io.trajectory.api.auth.ApiKeyRecord;
import io.trajectory.api.auth.ApiKeyTokens;
import io.trajectory.api.auth.ApiKeys;
import io.trajectory.api.auth.KeyLog;
import io.trajectory.api.auth.Role;
import io.trajectory.config.ConfigOptions;
import io.trajectory.config.TrajectoryConfig;
import io.trajectory.producer.CareerEventProducer;
import io.trajectory.topics.Topic;
import io.trajectory.topics.TopicProvisioner;
import io.trajectory.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./trajectory keys issue|list|revoke}: API key management straight on the keys topic, for
 * the first admin key of a cluster (and scripts). Works whether or not Trajectory is running; a
 * running instance picks a change up from the topic within a second.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Issue, list and revoke API keys (written to the keys topic every instance reads).",
        subcommands = {KeysCommand.Issue.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Options every keys subcommand takes. */
    abstract static class KeysSubcommand implements Callable<Integer> {
        @Mixin
        ConfigOptions config = new ConfigOptions();
        @Option(names = "--timeout-seconds", defaultValue = "30", description = "How long to wait for Kafka (default ${DEFAULT-VALUE}).")
        int timeoutSeconds;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** Runs {@code action} with the keys topic read whole; creates the topic first when {@code create}. */
        int withKeys(boolean create, Function<ApiKeys, Integer> action) {
            TrajectoryConfig cfg = config.load();
            String bootstrap = CareerEventProducer.bootstrapServers(cfg);
            Topic<String, String> topic = Topics.from(cfg).apiKeys();
            Duration timeout = Duration.ofSeconds(Math.max(1, timeoutSeconds));
            Map<String, Object> adminProps = cfg.kafkaClientProperties(bootstrap);
            adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
            try (Admin admin = Admin.create(adminProps)) {
                if (create) {
                    TopicProvisioner.ensure(admin, List.of(topic), timeout.toMillis());
                } else if (!exists(admin, topic.name(), timeout)) {
                    throw new UserError("no API keys yet: topic " + topic.name() + " does not exist on " + bootstrap
                            + " (./trajectory keys issue --role admin makes the first key)");
                }
            } catch (IllegalStateException e) {
                throw refusedOr(e, topic.name());
            } catch (org.apache.kafka.common.KafkaException e) {
                throw new UserError("Kafka error: " + e.getMessage() + " (bootstrap servers " + bootstrap + ")");
            }
            try (ApiAuth auth = ApiAuth.kafka(bootstrap, cfg.kafkaOverrides(), topic.name(), timeout)) {
                return action.apply(auth.keys());
            } catch (KeyLog.KeyLogException e) {
                RuntimeException refused = refusedOr(e, topic.name());
                throw refused != e ? refused : new UserError(e.getMessage() + " (bootstrap servers " + bootstrap + ")");
            } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
                throw refusedOr(e, topic.name());
            }
        }

        private static boolean exists(Admin admin, String topic, Duration timeout) {
            try {
                admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                return true;
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                    return false;
                }
                if (e.getCause() instanceof org.apache.kafka.common.errors.AuthorizationException) {
                    throw new UserError(notAllowed(topic));
                }
                throw new UserError("Kafka did not answer within " + timeout.toSeconds() + " s: "
                        + (e.getCause() == null ? e.toString() : e.getCause().getMessage()));
            } catch (java.util.concurrent.TimeoutException e) {
                throw new UserError("Kafka did not answer within " + timeout.toSeconds() + " s: "
                        + (e.getCause() == null ? e.toString() : e.getCause().getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserError("interrupted");
            }
        }

        /** What to say when the Kafka principal lacks an ACL on the keys topic. */
        static String notAllowed(String topic) {
            return "this Kafka principal is not allowed to use topic " + topic + " (Kafka ACLs: the keys command needs"
                    + " READ, WRITE and DESCRIBE on it, and CREATE for the very first key; see the README, Kafka security and TLS)";
        }

        /** A missing Kafka ACL anywhere in {@code e}'s causes, said in one line; else {@code e} itself. */
        private static RuntimeException refusedOr(RuntimeException e, String topic) {
            return causedBy(e, org.apache.kafka.common.errors.AuthorizationException.class) ? new UserError(notAllowed(topic)) : e;
        }

        private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
            return false;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = "Issue a key and print it (once: only its SHA-256 is stored). The key alone goes to standard output,"
                    + " so KEY=$(./trajectory keys issue --role admin) works.")
    static final class Issue extends KeysSubcommand {
        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "employee, manager, analyst, ingest or admin.")
        String role;
        @Option(names = "--person", paramLabel = "PERSON_ID",
                description = "The person an employee or manager key belongs to (required for those roles, refused for others).")
        String person;
        @Option(names = "--label", paramLabel = "TEXT", description = "Who holds the key or what it is for.")
        String label;

        @Override
        public Integer call() {
            Role r = Role.parse(role).orElseThrow(() ->
                    new UserError("unknown role '" + role + "'; roles: " + Role.names()));
            List<ApiKeys.Problem> problems = ApiKeys.problems(r, Optional.ofNullable(person), Optional.ofNullable(label));
            if (!problems.isEmpty()) {
                throw new UserError(String.join("; ", problems.stream()
                        .map(p -> (p.field().equals("personId") ? "--person" : "--" + p.field()) + ": " + p.message()).toList()));
            }
            return withKeys(true, keys -> {
                ApiKeys.IssuedKey issued = keys.issue(r, Optional.ofNullable(person), Optional.ofNullable(label));
                out().println(issued.token());
                out().flush();
                err().println("issued key " + issued.record().keyId() + " (" + r.id()
                        + (person == null ? "" : ", person " + person) + "); it is shown only this once");
                err().flush();
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every key, active and revoked (never a secret).")
    static final class ListKeys extends KeysSubcommand {
        @Override
        public Integer call() {
            return withKeys(false, keys -> {
                List<ApiKeyRecord> all = keys.list();
                PrintWriter out = out();
                out.printf("%-16s  %-8s  %-16s  %-24s  %-24s  %s%n", "KEY ID", "ROLE", "PERSON", "CREATED", "REVOKED", "LABEL");
                for (ApiKeyRecord k : all) {
                    out.printf("%-16s  %-8s  %-16s  %-24s  %-24s  %s%n", k.keyId(), k.role().id(),
                            k.personId() == null ? "-" : k.personId(), k.createdAt().truncatedTo(ChronoUnit.SECONDS),
                            k.revokedAt() == null ? "-" : k.revokedAt().truncatedTo(ChronoUnit.SECONDS), k.label());
                }
                out.printf("%d keys, %d active%n", all.size(), all.stream().filter(ApiKeyRecord::active).count());
                out.flush();
                return 0;
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a key: every instance refuses it as soon as it has read the keys topic.")
    static final class Revoke extends KeysSubcommand {
        @Parameters(paramLabel = "KEY_ID", description = "The key's id (the 16 characters after trj_), or the whole key.")
        String keyId;

        @Override
        public Integer call() {
            String id = ApiKeyTokens.parse(keyId).map(ApiKeyTokens.Token::keyId).orElse(keyId);
            if (!ApiKeyTokens.isKeyId(id)) {
                throw new UserError("'" + (id.length() > 20 ? id.substring(0, 20) + "..." : id)
                        + "' is not a key id (16 characters 0-9 a-f, as ./trajectory keys list shows)");
            }
            return withKeys(false, keys -> {
                Optional<ApiKeyRecord> was = keys.find(id);
                if (was.isEmpty()) {
                    throw new UserError("no API key has the id " + id);
                }
                if (!was.get().active()) {
                    out().println("key " + id + " was already revoked at " + was.get().revokedAt());
                    out().flush();
                    return 0;
                }
                ApiKeyRecord revoked = keys.revoke(id).orElseThrow();
                out().println("revoked key " + id + " (" + revoked.role().id() + ") at " + revoked.revokedAt());
                out().flush();
                return 0;
            });
        }
    }
}
