import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runSoak } from '@proj/conformance';
import * as F from '@proj/functional';
import * as nn from '@proj/nn';
import * as optim from '@proj/optim';
import { cpu } from './index.js';

setFlagsFromString('--expose-gc');
runSoak({ backend: () => cpu({ name: 'cpu-soak' }), F, nn, optim, gc: runInNewContext('gc') as () => void });
