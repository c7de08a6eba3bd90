package io.routemq.worker.routing;

import io.routemq.crds.routetable.RouteTable;
import java.util.Map;

/**
 * The route a topic matched, with its captured parameters.
 *
 * @param routeIndex the route's position in the table (declaration order)
 * @param params captured {@code {name}} levels and the {@code {name...}} rest (levels joined with '/')
 */
public record RouteMatch(int routeIndex, RouteTable.Route route, Map<String, String> params) {}
