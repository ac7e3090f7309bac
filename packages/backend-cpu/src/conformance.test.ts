import { runConformance } from '@proj/conformance';
import * as F from '@proj/functional';
import * as nn from '@proj/nn';
import { cpu } from './index.js';

runConformance({ backend: () => cpu(), gradcheck: true, namespaces: { F, nn } });
