package dev.migratefirst.app;

import dev.migratefirst.testsupport.AssemblyChecks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The monthly price at rest of synthesized templates: resource counts times documented us-east-1 list prices
 * (on demand, 730 hours a month). "At rest" is what the stacks cost with no traffic and no migration running:
 * hourly resources, storage, keys, alarms, secrets and the service's running tasks; usage-priced items (data
 * processed, log ingestion, Lambda, Step Functions, backup storage beyond the database's size) are left out.
 */
final class CostTable {

    /** The day the prices below were taken from the linked pages. */
    static final String PRICES_DATE = "2026-11-29";
    static final double HOURS_PER_MONTH = 730;

    /** One documented list price. */
    record Price(String item, double usd, String unit, String source) {
    }

    static final Price ENDPOINT = new Price("Interface VPC endpoint", 0.01, "per endpoint and AZ, hour",
            "https://aws.amazon.com/privatelink/pricing/");
    static final Price NAT = new Price("NAT gateway", 0.045, "per gateway, hour", "https://aws.amazon.com/vpc/pricing/");
    static final Price IPV4 = new Price("Public IPv4 address (NAT gateway's)", 0.005, "per address, hour",
            "https://aws.amazon.com/vpc/pricing/");
    static final Map<String, Price> RDS = Map.of(
            "db.t4g.micro", new Price("RDS for PostgreSQL db.t4g.micro, Single-AZ (Multi-AZ: x2)", 0.016, "per hour",
                    "https://aws.amazon.com/rds/postgresql/pricing/"),
            "db.t4g.small", new Price("RDS for PostgreSQL db.t4g.small, Single-AZ (Multi-AZ: x2)", 0.032, "per hour",
                    "https://aws.amazon.com/rds/postgresql/pricing/"));
    static final Price RDS_GP3 = new Price("RDS gp3 storage, Single-AZ (Multi-AZ: x2)", 0.115, "per GB-month",
            "https://aws.amazon.com/rds/postgresql/pricing/");
    static final Map<String, Price> EC2 = Map.of(
            "t4g.nano", new Price("EC2 t4g.nano (Linux)", 0.0042, "per hour", "https://aws.amazon.com/ec2/pricing/on-demand/"),
            "t4g.micro", new Price("EC2 t4g.micro (Linux)", 0.0084, "per hour", "https://aws.amazon.com/ec2/pricing/on-demand/"));
    static final Price EBS_GP3 = new Price("EBS gp3", 0.08, "per GB-month", "https://aws.amazon.com/ebs/pricing/");
    static final Price KMS = new Price("KMS customer managed key", 1.00, "per key-month", "https://aws.amazon.com/kms/pricing/");
    static final Price ALARM = new Price("CloudWatch standard alarm", 0.10, "per alarm metric-month",
            "https://aws.amazon.com/cloudwatch/pricing/");
    static final Price SECRET = new Price("Secrets Manager secret", 0.40, "per secret-month",
            "https://aws.amazon.com/secrets-manager/pricing/");
    static final Price FARGATE_VCPU_X86 = new Price("Fargate Linux/x86 vCPU", 0.04048, "per vCPU-hour",
            "https://aws.amazon.com/fargate/pricing/");
    static final Price FARGATE_GB_X86 = new Price("Fargate Linux/x86 memory", 0.004445, "per GB-hour",
            "https://aws.amazon.com/fargate/pricing/");
    static final Price FARGATE_VCPU_ARM = new Price("Fargate Linux/ARM vCPU", 0.03238, "per vCPU-hour",
            "https://aws.amazon.com/fargate/pricing/");
    static final Price FARGATE_GB_ARM = new Price("Fargate Linux/ARM memory", 0.00356, "per GB-hour",
            "https://aws.amazon.com/fargate/pricing/");

    /** One line of the bill: what, how many (as shown), dollars a month. */
    record Line(String item, String quantity, double monthly) {
    }

    private CostTable() {
    }

    /** The lines of every template together (one app), in a fixed order; zero lines are kept so columns align. */
    static Map<String, Line> lines(List<Map<String, Object>> templates) {
        Map<String, List<Map<?, ?>>> byType = new LinkedHashMap<>();
        Map<String, Map<?, ?>> byId = new LinkedHashMap<>();
        for (Map<String, Object> template : templates) {
            AssemblyChecks.resources(template).forEach((id, r) -> {
                byType.computeIfAbsent(String.valueOf(r.get("Type")), t -> new ArrayList<>()).add(r);
                byId.put(id, r);
            });
        }
        Map<String, Line> out = new LinkedHashMap<>();

        int endpointAzs = 0;
        int endpoints = 0;
        for (Map<?, ?> e : byType.getOrDefault("AWS::EC2::VPCEndpoint", List.of())) {
            Map<?, ?> p = props(e);
            if ("Interface".equals(p.get("VpcEndpointType"))) {
                endpoints++;
                endpointAzs += ((List<?>) p.get("SubnetIds")).size();
            }
        }
        out.put("endpoints", new Line("Interface endpoints (endpoints x AZs)", endpoints + " x AZs = " + endpointAzs,
                endpointAzs * ENDPOINT.usd() * HOURS_PER_MONTH));

        int nat = count(byType, "AWS::EC2::NatGateway");
        int eips = count(byType, "AWS::EC2::EIP");
        out.put("nat", new Line("NAT gateways + their public IPv4", nat + " + " + eips,
                nat * NAT.usd() * HOURS_PER_MONTH + eips * IPV4.usd() * HOURS_PER_MONTH));

        double rds = 0;
        double rdsStorage = 0;
        List<String> rdsShown = new ArrayList<>();
        int storageGb = 0;
        for (Map<?, ?> db : byType.getOrDefault("AWS::RDS::DBInstance", List.of())) {
            Map<?, ?> p = props(db);
            String type = String.valueOf(p.get("DBInstanceClass"));
            Price price = RDS.get(type);
            if (price == null) {
                throw new IllegalStateException("no documented price for " + type + ": add it to CostTable.RDS");
            }
            int factor = Boolean.TRUE.equals(p.get("MultiAZ")) ? 2 : 1;
            int gb = Integer.parseInt(String.valueOf(p.get("AllocatedStorage")));
            rds += factor * price.usd() * HOURS_PER_MONTH;
            rdsStorage += factor * gb * RDS_GP3.usd();
            storageGb += gb;
            rdsShown.add(type + (factor == 2 ? " Multi-AZ" : " Single-AZ"));
        }
        out.put("rds", new Line("RDS for PostgreSQL instance", String.join(", ", rdsShown), rds));
        out.put("rdsStorage", new Line("RDS gp3 storage", storageGb + " GB", rdsStorage));

        double ec2 = 0;
        double ebs = 0;
        int ebsGb = 0;
        List<String> ec2Shown = new ArrayList<>();
        for (Map<?, ?> instance : byType.getOrDefault("AWS::EC2::Instance", List.of())) {
            Map<?, ?> p = props(instance);
            String type = String.valueOf(p.get("InstanceType"));
            Price price = EC2.get(type);
            if (price == null) {
                throw new IllegalStateException("no documented price for " + type + ": add it to CostTable.EC2");
            }
            ec2 += price.usd() * HOURS_PER_MONTH;
            ec2Shown.add(type);
            for (Object mapping : (List<?>) p.get("BlockDeviceMappings")) {
                int gb = ((Number) ((Map<?, ?>) ((Map<?, ?>) mapping).get("Ebs")).get("VolumeSize")).intValue();
                ebsGb += gb;
                ebs += gb * EBS_GP3.usd();
            }
        }
        out.put("ec2", new Line("EC2 bastion (+ its gp3 volume)", ec2Shown.isEmpty() ? "none"
                : String.join(", ", ec2Shown) + " + " + ebsGb + " GB", ec2 + ebs));

        int keys = count(byType, "AWS::KMS::Key");
        out.put("kms", new Line("KMS keys", String.valueOf(keys), keys * KMS.usd()));
        int alarms = count(byType, "AWS::CloudWatch::Alarm");
        out.put("alarms", new Line("CloudWatch alarms", String.valueOf(alarms), alarms * ALARM.usd()));
        int secrets = count(byType, "AWS::SecretsManager::Secret");
        out.put("secrets", new Line("Secrets Manager secrets", String.valueOf(secrets), secrets * SECRET.usd()));

        double fargate = 0;
        List<String> fargateShown = new ArrayList<>();
        for (Map<?, ?> service : byType.getOrDefault("AWS::ECS::Service", List.of())) {
            Map<?, ?> p = props(service);
            int desired = p.get("DesiredCount") == null ? 1 : ((Number) p.get("DesiredCount")).intValue();
            String taskId = String.valueOf(((Map<?, ?>) p.get("TaskDefinition")).get("Ref"));
            Map<?, ?> task = props(byId.get(taskId));
            double vcpu = Double.parseDouble(String.valueOf(task.get("Cpu"))) / 1024;
            double gb = Double.parseDouble(String.valueOf(task.get("Memory"))) / 1024;
            boolean arm = String.valueOf(task.get("RuntimePlatform")).contains("ARM64");
            fargate += desired * HOURS_PER_MONTH * (vcpu * (arm ? FARGATE_VCPU_ARM : FARGATE_VCPU_X86).usd()
                    + gb * (arm ? FARGATE_GB_ARM : FARGATE_GB_X86).usd());
            fargateShown.add(desired + " x " + format(vcpu) + " vCPU / " + format(gb) + " GB " + (arm ? "ARM" : "x86"));
        }
        out.put("fargate", new Line("Fargate service tasks", fargateShown.isEmpty() ? "none"
                : String.join(", ", fargateShown), fargate));
        return out;
    }

    static double total(Map<String, Line> lines) {
        return lines.values().stream().mapToDouble(Line::monthly).sum();
    }

    /** The markdown of docs/platform.md's cost section: one column per profile, then the prices used. */
    static String markdown(Map<String, Map<String, Line>> profiles) {
        StringBuilder md = new StringBuilder();
        md.append("| at rest, us-east-1, $/month |");
        profiles.keySet().forEach(name -> md.append(' ').append(name).append(" |"));
        md.append("\n|---|");
        profiles.keySet().forEach(name -> md.append("---|"));
        md.append('\n');
        Map<String, Line> first = profiles.values().iterator().next();
        for (String key : first.keySet()) {
            md.append("| ").append(first.get(key).item()).append(" |");
            for (Map<String, Line> lines : profiles.values()) {
                Line line = lines.get(key);
                md.append(' ').append(line.quantity()).append(": ").append(dollars(line.monthly())).append(" |");
            }
            md.append('\n');
        }
        md.append("| **total** |");
        profiles.values().forEach(lines -> md.append(" **").append(dollars(total(lines))).append("** |"));
        md.append("\n\nPrices (us-east-1 list prices, on demand, ").append(PRICES_DATE).append(", 730 h a month):\n\n");
        md.append("| item | price | unit | source |\n|---|---|---|---|\n");
        List<Price> prices = new ArrayList<>(List.of(ENDPOINT, NAT, IPV4));
        prices.addAll(RDS.values().stream().sorted((a, b) -> a.item().compareTo(b.item())).toList());
        prices.add(RDS_GP3);
        prices.addAll(EC2.values().stream().sorted((a, b) -> a.item().compareTo(b.item())).toList());
        prices.addAll(List.of(EBS_GP3, KMS, ALARM, SECRET, FARGATE_VCPU_X86, FARGATE_GB_X86, FARGATE_VCPU_ARM,
                FARGATE_GB_ARM));
        for (Price p : prices) {
            md.append("| ").append(p.item()).append(" | $").append(p.usd()).append(" | ").append(p.unit())
                    .append(" | ").append(p.source()).append(" |\n");
        }
        return md.toString();
    }

    private static Map<?, ?> props(Map<?, ?> resource) {
        Object p = resource.get("Properties");
        return p == null ? Map.of() : (Map<?, ?>) p;
    }

    private static int count(Map<String, List<Map<?, ?>>> byType, String type) {
        return byType.getOrDefault(type, List.of()).size();
    }

    private static String dollars(double usd) {
        return String.format(Locale.ROOT, "$%.2f", usd);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
