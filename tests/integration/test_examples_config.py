"""Docker cannot run here, so the compose file and Grafana provisioning are checked for
consistency instead: valid YAML/JSON, ports and names that agree with each other and with
what the rivulet tools default to."""

import json
import os
import unittest

import yaml

from fixtures import SOURCE

EXAMPLES = os.path.join(SOURCE, "examples")


def load_yaml(*parts):
    with open(os.path.join(EXAMPLES, *parts)) as f:
        return yaml.safe_load(f)


class ComposeTest(unittest.TestCase):
    def setUp(self):
        self.compose = load_yaml("compose", "docker-compose.yml")
        self.services = self.compose["services"]

    def test_services_and_ports_match_the_tools_defaults(self):
        self.assertEqual(set(self.services), {"kafka", "influxdb", "grafana"})
        # kpub/ksub default to 127.0.0.1:9092, influx-write/query to http://127.0.0.1:8086.
        self.assertIn("9092:9092", self.services["kafka"]["ports"])
        self.assertIn("8086:8086", self.services["influxdb"]["ports"])
        self.assertIn("3000:3000", self.services["grafana"]["ports"])
        env = self.services["kafka"]["environment"]
        self.assertEqual(env["KAFKA_CFG_ADVERTISED_LISTENERS"], "PLAINTEXT://localhost:9092")

    def test_grafana_reaches_influxdb_by_service_name_and_mounts_provisioning(self):
        grafana = self.services["grafana"]
        url = grafana["environment"]["INFLUX_URL"]
        self.assertEqual(url, "http://influxdb:8086")
        self.assertIn("influxdb", grafana["depends_on"])
        compose_dir = os.path.join(EXAMPLES, "compose")
        mounts = {}
        for volume in grafana["volumes"]:
            host, container = volume.split(":")[:2]
            path = os.path.normpath(os.path.join(compose_dir, host))
            self.assertTrue(os.path.isdir(path), f"{host} does not exist")
            mounts[container] = path
        self.assertIn("/etc/grafana/provisioning", mounts)
        # The dashboard provider points at where the dashboards are mounted.
        providers = load_yaml("grafana", "provisioning", "dashboards", "rivulet.yaml")["providers"]
        self.assertEqual(providers[0]["options"]["path"], "/var/lib/grafana/dashboards/rivulet")
        self.assertIn("/var/lib/grafana/dashboards/rivulet", mounts)
        self.assertTrue(os.listdir(mounts["/var/lib/grafana/dashboards/rivulet"]))

    def test_database_names_agree(self):
        datasource = load_yaml("grafana", "provisioning", "datasources", "rivulet.yaml")["datasources"][0]
        self.assertEqual(datasource["type"], "influxdb")
        self.assertEqual(datasource["url"], "${INFLUX_URL}")
        self.assertEqual(self.services["influxdb"]["environment"]["INFLUXDB_DB"], datasource["database"])


class DashboardTest(unittest.TestCase):
    def test_every_panel_queries_the_provisioned_datasource(self):
        with open(os.path.join(EXAMPLES, "grafana", "dashboards", "rivulet-video.json")) as f:
            dashboard = json.load(f)
        datasource = load_yaml("grafana", "provisioning", "datasources", "rivulet.yaml")["datasources"][0]
        titles = [p["title"] for p in dashboard["panels"]]
        self.assertEqual(titles, ["Average bitrate by stream", "Active viewers", "Bitrate vs drop-off"])
        types = {p["title"]: p["type"] for p in dashboard["panels"]}
        self.assertEqual(types["Active viewers"], "stat")
        self.assertEqual(types["Average bitrate by stream"], "timeseries")
        for panel in dashboard["panels"]:
            self.assertTrue(panel["targets"], panel["title"])
            for target in panel["targets"]:
                self.assertEqual(target["datasource"]["uid"], datasource["uid"])
                self.assertIn("$timeFilter", target["query"])


if __name__ == "__main__":
    unittest.main()
