// The dashboard's entry point: the core, then every page module (each registers its routes, strings and nav items).
// Other branches append their page imports below; imports are hoisted, so start() always runs after all of them.
import { start } from './core.js';
import './pages/login.js';
import './pages/plant.js';
import './pages/board.js';
import './pages/machine.js';
import './pages/settings.js';
import './pages/bureau.js';
import './pages/bureauEnterprise.js';
import './pages/connect.js';
import './pages/connectCertificates.js';
import './pages/admin.js';
import './pages/adminUsers.js';
import './pages/topology.js';
import './pages/edgeKeys.js';

start();
