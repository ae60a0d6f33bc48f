package dev.migratefirst.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What landing zones check on an ECS task definition (issue 12), read from a synthesized
 * {@code AWS::ECS::TaskDefinition} resource: the named container runs as the numeric non-root user
 * 10001, with a read-only root file system, not privileged, a hard memory limit equal to the task's
 * memory, and {@code /tmp} (only) on a task volume without a host path (the task's ephemeral storage).
 * Returns what is wrong (empty = hardened), so a test can also show the check catches a bad template.
 */
public final class TaskDefinitionChecks {
    private TaskDefinitionChecks() {
    }

    /** The problems of {@code container} in {@code taskDefinition} (a template resource), empty when none. */
    public static List<String> hardeningProblems(JsonNode taskDefinition, String container) {
        List<String> problems = new ArrayList<>();
        JsonNode props = taskDefinition.path("Properties");
        JsonNode c = null;
        for (JsonNode candidate : props.path("ContainerDefinitions")) {
            if (container.equals(candidate.path("Name").asText())) {
                c = candidate;
            }
        }
        if (c == null) {
            return List.of("no container " + container);
        }
        if (!"10001".equals(c.path("User").asText())) {
            problems.add("User is " + c.path("User") + ", not \"10001\"");
        }
        if (!c.path("ReadonlyRootFilesystem").asBoolean(false)) {
            problems.add("ReadonlyRootFilesystem is not true");
        }
        if (c.path("Privileged").asBoolean(false)) {
            problems.add("Privileged is true");
        }
        if (c.has("LinuxParameters") && c.path("LinuxParameters").has("Capabilities")
                && c.at("/LinuxParameters/Capabilities/Add").size() > 0) {
            problems.add("adds Linux capabilities " + c.at("/LinuxParameters/Capabilities/Add"));
        }
        if (!c.path("Memory").isNumber() || c.path("Memory").asInt() != props.path("Memory").asInt()) {
            problems.add("container Memory " + c.path("Memory") + " is not the task's " + props.path("Memory"));
        }
        Map<String, String> mounts = new TreeMap<>();
        c.path("MountPoints").forEach(m -> {
            if (m.path("ReadOnly").asBoolean(false)) {
                return;
            }
            mounts.put(m.path("ContainerPath").asText(), m.path("SourceVolume").asText());
        });
        if (!mounts.keySet().equals(Set.of("/tmp"))) {
            problems.add("writable mount points are " + mounts.keySet() + ", not exactly [/tmp]");
        } else {
            String volume = mounts.get("/tmp");
            JsonNode v = null;
            for (JsonNode candidate : props.path("Volumes")) {
                if (volume.equals(candidate.path("Name").asText())) {
                    v = candidate;
                }
            }
            if (v == null) {
                problems.add("no task volume " + volume);
            } else if (v.has("Host") || v.has("EFSVolumeConfiguration") || v.has("DockerVolumeConfiguration")) {
                problems.add("volume " + volume + " is not the task's ephemeral storage: " + v);
            }
        }
        return problems;
    }
}
