package io.routemq.crds.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A fleet of RouteMQ workers: routes, shared-subscription groups and how each group is sized. */
@Group(RouteMQCluster.GROUP)
@Version(RouteMQCluster.VERSION)
@ShortNames("rmq")
@Categories("routemq")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Groups", jsonPath = ".status.groupCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Workers", jsonPath = ".status.workers",
    type = AdditionalPrinterColumn.Type.STRING, getDescription = "Ready / desired workers over all groups")
@AdditionalPrinterColumn(name = "Msg/s", jsonPath = ".status.messagesPerSecond",
    type = AdditionalPrinterColumn.Type.INTEGER, getDescription = "Messages processed per second, all groups")
@AdditionalPrinterColumn(name = "Backlog", jsonPath = ".status.backlog",
    type = AdditionalPrinterColumn.Type.INTEGER, getDescription = "Messages waiting, all groups")
@AdditionalPrinterColumn(name = "Last Scale", jsonPath = ".status.lastScale",
    type = AdditionalPrinterColumn.Type.STRING, getDescription = "Newest scaling event: group from->to")
@AdditionalPrinterColumn(name = "Scaled", jsonPath = ".status.lastScaleTime",
    type = AdditionalPrinterColumn.Type.DATE, getDescription = "When the newest scaling event happened")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
// Every child object is named <cluster>-<group> and labelled with that name, and a label value
// holds at most 63 characters. Checked at the root because only the root sees metadata.name.
@ValidationRule(
    value = "!has(self.spec) || !has(self.spec.groups) || self.spec.groups.all(g, size(self.metadata.name) + size(g.name) <= 62)",
    message = "the worker Deployment is named <cluster>-<group> and must fit in 63 characters: shorten the RouteMQCluster name or the group name")
public class RouteMQCluster extends CustomResource<RouteMQClusterSpec, RouteMQClusterStatus>
    implements Namespaced {

  public static final String GROUP = "routemq.io";
  public static final String VERSION = "v1alpha1";

  /** The name of the Deployment, ConfigMap, HPA and PDB that serve one group. */
  public static String childName(String clusterName, String groupName) {
    return clusterName + "-" + groupName;
  }
}
