import torch.nn as nn
from torch.nn import Sequential, Conv2d, Linear

net = Sequential(Conv2d(1, 8, 3), Linear(8, 2))
other = nn.Sequential(nn.Conv2d(1, 8, 3), nn.Linear(8, 2))
doc = "Sequential([Conv2D(8, 3), Dense(2)])"
# Sequential([Conv2D(8, 3), Dense(2)])
