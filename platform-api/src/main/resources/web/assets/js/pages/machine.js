// machine pages (filled in below)
import { route } from '../core.js';
